package io.bqsftp.config;

/** {@code exports.<name>.format}: the file format, as BigQuery's extract job names it. */
public enum ExportFormat {
  /** BigQuery's CSV (docs/csv-format.md). */
  CSV("csv"),
  /** BigQuery's NEWLINE_DELIMITED_JSON (docs/json-format.md). */
  JSON("json");

  private final String key;

  ExportFormat(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** The config word, as the reference and the schema show the default. */
  @Override
  public String toString() {
    return key;
  }
}
