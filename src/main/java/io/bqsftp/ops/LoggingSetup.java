package io.bqsftp.ops;

import java.util.Locale;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Runtime knobs of logback.xml for Main.
 *
 * <p>logback.xml reads two variables, looked up as system property first, then environment:
 * {@code LOG_FORMAT} ({@code json} default, {@code text} for terminals and the demo) and {@code
 * LOG_LEVEL} (root level, default {@code INFO}). Both are read once when logback starts, which is
 * the first {@code LoggerFactory.getLogger} call; Main may set them with {@link
 * #configureBeforeFirstLog} before that.
 */
public final class LoggingSetup {

  public static final String FORMAT_PROPERTY = "LOG_FORMAT";
  public static final String LEVEL_PROPERTY = "LOG_LEVEL";

  private LoggingSetup() {}

  /** The seed's switch: {@code DEBUG=True} (any case, also 1/yes/on) means verbose logging. */
  public static boolean isDebugFlag(String value) {
    if (value == null) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      default -> false;
    };
  }

  /**
   * Sets the system properties logback.xml reads, unless already set. Call before anything logs.
   *
   * @param debug the {@code DEBUG} environment value (seed semantics)
   * @param text true for the human-readable format
   */
  public static void configureBeforeFirstLog(String debug, boolean text) {
    if (isDebugFlag(debug) && System.getProperty(LEVEL_PROPERTY) == null) {
      System.setProperty(LEVEL_PROPERTY, "DEBUG");
    }
    if (text && System.getProperty(FORMAT_PROPERTY) == null && System.getenv(FORMAT_PROPERTY) == null) {
      System.setProperty(FORMAT_PROPERTY, "text");
    }
    routeJavaUtilLogging();
  }

  /**
   * Routes java.util.logging (the Google client libraries, gRPC) into SLF4J, so their lines come out
   * in the configured format (JSON in production) instead of JUL's own text on stderr. JUL's
   * console handler is removed. logback.xml's LevelChangePropagator keeps JUL's levels in step
   * with logback's, so records logback would drop are never even built. Idempotent.
   */
  public static synchronized void routeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
