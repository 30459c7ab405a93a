package io.bqsftp.config;

/** The seed's {@code export_type}: every row, or the rows whose date column lies in a window. */
public enum ExportType {
  FULL("full"),
  DATE_RANGE("date_range");

  private final String key;

  ExportType(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
