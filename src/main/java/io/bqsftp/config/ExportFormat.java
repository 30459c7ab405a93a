package io.bqsftp.config;

import java.util.Locale;

/** {@code exports.<name>.format}: the file format, as BigQuery's extract job names it. */
public enum ExportFormat {
  /** BigQuery's CSV (docs/csv-format.md). */
  CSV,
  /** BigQuery's NEWLINE_DELIMITED_JSON (docs/json-format.md). */
  JSON;

  /** The word the config uses: the constant's name in lower case. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The config word, as the reference and the schema show the default. */
  @Override
  public String toString() {
    return key();
  }
}
