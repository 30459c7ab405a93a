package io.bqsftp.bigquery;

/**
 * A date_range export's date column as the table has it: its name spelled as in the table schema
 * (the config may spell it in another case: BigQuery column names are case-insensitive) and its
 * type, which decides the literals of the row restriction.
 */
public record DateColumn(String name, DateColumnType type) {

  /** The restriction for {@code window} on this column ({@link DateWindow#rowRestriction}). */
  public String rowRestriction(DateWindow window) {
    return window.rowRestriction(name, type);
  }
}
