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
   * day; on 9999-12-31, the last day BigQuery has, it is the inclusive last instant instead. The
   * column name was validated as a plain identifier by the config, and is quoted all the same.
   */
  public String rowRestriction(String column, DateColumnType type) {
    String quoted = "`" + column + "`";
    String upper = last.equals(LAST_DAY)
        ? " <= " + lastInstant(type)
        : " < " + literal(type, last.plusDays(1));
    return quoted + " >= " + literal(type, first) + " AND " + quoted + upper;
  }

  private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  /**
   * The window with untyped string literals, which BigQuery coerces to the column's type: usable
   * before the type is known (to probe it on a table with require_partition_filter). It covers the
   * window's days whatever the type, maybe less of the last day: it selects, never exports.
   */
  public String untypedRestriction(String column) {
    String quoted = "`" + column + "`";
    return quoted + " >= '" + first + "' AND " + quoted + " <= '" + last + "'";
  }

  private static String lastInstant(DateColumnType type) {
    return switch (type) {
      case DATE -> "DATE '9999-12-31'";
      case DATETIME -> "DATETIME '9999-12-31 23:59:59.999999'";
      case TIMESTAMP -> "TIMESTAMP '9999-12-31 23:59:59.999999 UTC'";
    };
  }

  private static String literal(DateColumnType type, LocalDate day) {
    return switch (type) {
      case DATE -> "DATE '" + day + "'";
      case DATETIME -> "DATETIME '" + day + " 00:00:00'";
      case TIMESTAMP -> "TIMESTAMP '" + day + " 00:00:00 UTC'";
    };
  }
}
