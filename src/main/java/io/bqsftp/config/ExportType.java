package io.bqsftp.config;

import java.util.Locale;

/** The seed's {@code export_type}: every row, or the rows whose date column lies in a window. */
public enum ExportType {
  FULL,
  DATE_RANGE;

  /** The word the config uses: the constant's name in lower case. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
