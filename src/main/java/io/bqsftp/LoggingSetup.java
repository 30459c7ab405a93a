package io.bqsftp;

/**
 * Chooses the log format and level through system properties read by logback.xml. Must run before
 * the first logger is created. JSON lines for Cloud Logging by default; text in a terminal and in
 * the demo; {@code DEBUG=True} (the seed's variable) turns on debug logs.
 */
final class LoggingSetup {
  private LoggingSetup() {}

  static void beforeFirstLog(String[] args) {
    String format = System.getenv("LOG_FORMAT");
    if (format == null || format.isBlank()) {
      boolean demo = args.length > 0 && args[0].equals("demo");
      format = demo || System.console() != null ? "text" : "json";
    }
    System.setProperty("LOG_FORMAT", format);
    String debug = System.getenv("DEBUG");
    if (debug != null && (debug.equalsIgnoreCase("true") || debug.equals("1"))) {
      System.setProperty("LOG_LEVEL", "DEBUG");
    }
  }
}
