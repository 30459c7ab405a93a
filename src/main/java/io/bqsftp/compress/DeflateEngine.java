package io.bqsftp.compress;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which deflate implementation compresses a gzip level (docs/compression.md): levels 1 and 2 use
 * ISA-L where it loads (3-4x zlib level 1's speed at a better ratio); levels 1-9 otherwise use
 * libdeflate where it is installed (at level 6 ~2x zlib's speed at a better ratio); level 0, and
 * every level where neither loads, use the JDK's zlib. The choice is logged once per process and
 * level. {@code -Dbqsftp.deflate=jdk} forces zlib, {@code =libdeflate} skips ISA-L (comparisons).
 */
public enum DeflateEngine {
  ISAL("isa-l"),
  LIBDEFLATE("libdeflate"),
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
      String forced = forced();
      if (engine == ZLIB && libdeflateLevel(level) && forced.isEmpty()) {
        log.info("gzip level {} uses {}: libdeflate unavailable ({}){}", level, engine.label, LibdeflateNative.unavailableReason(),
            isalLevel(level) ? ", ISA-L unavailable (" + IsalNative.unavailableReason() + ")" : "");
      } else if (engine == LIBDEFLATE && isalLevel(level) && forced.isEmpty()) {
        log.info("gzip level {} uses {}: ISA-L unavailable ({})", level, engine.label, IsalNative.unavailableReason());
      } else {
        log.info("gzip level {} uses {}{}", level, engine.label, forced.isEmpty() ? "" : " (-D" + PROPERTY + "=" + forced + ")");
      }
    }
    return engine;
  }

  private static DeflateEngine choose(int level) {
    String forced = forced();
    if (forced.equals("jdk")) {
      return ZLIB;
    }
    if (isalLevel(level) && !forced.equals("libdeflate") && IsalNative.available()) {
      return ISAL;
    }
    return libdeflateLevel(level) && LibdeflateNative.available() ? LIBDEFLATE : ZLIB;
  }

  private static boolean isalLevel(int level) {
    return level == 1 || level == 2;
  }

  private static boolean libdeflateLevel(int level) {
    return level == -1 || (level >= 1 && level <= 9);
  }

  private static String forced() {
    return System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT);
  }

  BlockDeflater newDeflater(int level) {
    return switch (this) {
      case ISAL -> new IsalBlockDeflater(level);
      case LIBDEFLATE -> new LibdeflateBlockDeflater(level < 0 ? 6 : level); // -1: zlib's default, 6
      case ZLIB -> new ZlibBlockDeflater(level);
    };
  }
}
