package io.bqsftp.bigquery;

import java.time.LocalDate;

/** The run dates a date_range export covers: {@code [runDate - daysLookback, runDate]}, inclusive. */
public record DateWindow(LocalDate first, LocalDate last) {

  public static DateWindow lookback(LocalDate runDate, int daysLookback) {
    return new DateWindow(runDate.minusDays(daysLookback), runDate);
  }

  /**
   * A row restriction with typed literals so that BigQuery prunes partitions. The upper bound is
   * exclusive at midnight after the last day, so DATETIME and TIMESTAMP columns include that whole
   * day. The column name was validated as a plain identifier by the config.
   */
  public String rowRestriction(String column, DateColumnType type) {
    LocalDate end = last.plusDays(1);
    return column + " >= " + literal(type, first) + " AND " + column + " < " + literal(type, end);
  }

  private static String literal(DateColumnType type, LocalDate day) {
    return switch (type) {
      case DATE -> "DATE '" + day + "'";
      case DATETIME -> "DATETIME '" + day + " 00:00:00'";
      case TIMESTAMP -> "TIMESTAMP '" + day + " 00:00:00 UTC'";
    };
  }
}
