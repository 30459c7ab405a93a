package io.bqsftp.compress;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which deflate implementation compresses a gzip level. Levels 1 and 2 use ISA-L where it loads
 * (3-4x zlib level 1's speed at a better ratio, docs/compression.md); every other level, and
 * every level where ISA-L does not load, uses the JDK's zlib. The choice is logged once per
 * process and level. {@code -Dbqsftp.deflate=jdk} forces zlib (for comparisons).
 */
public enum DeflateEngine {
  ISAL("isa-l"),
  ZLIB("jdk-zlib");

  static final String PROPERTY = "bqsftp.deflate";

  private static final Logger log = LoggerFactory.getLogger(DeflateEngine.class);
  private static final Set<Integer> logged = ConcurrentHashMap.newKeySet();

  private final String label;

  DeflateEngine(String label) {
    this.label = label;
  }

  /** Name as logged and shown by {@code bench}. */
  public String label() {
    return label;
  }

  /** The engine for a gzip level (0..9 or -1). */
  public static DeflateEngine forLevel(int level) {
    DeflateEngine engine = choose(level);
    if (logged.add(level)) {
      if (engine == ZLIB && isalLevel(level) && !forcedZlib() && !IsalNative.available()) {
        log.info("gzip level {} uses {}: ISA-L unavailable ({})", level, engine.label, IsalNative.unavailableReason());
      } else {
        log.info("gzip level {} uses {}", level, engine.label);
      }
    }
    return engine;
  }

  private static DeflateEngine choose(int level) {
    return isalLevel(level) && !forcedZlib() && IsalNative.available() ? ISAL : ZLIB;
  }

  private static boolean isalLevel(int level) {
    return level == 1 || level == 2;
  }

  private static boolean forcedZlib() {
    return "jdk".equalsIgnoreCase(System.getProperty(PROPERTY, ""));
  }

  BlockDeflater newDeflater(int level) {
    return this == ISAL ? new IsalBlockDeflater(level) : new ZlibBlockDeflater(level);
  }
}
