package io.bqsftp.faults;

/**
 * What the row check of one snapshot found: rows read from visible parts, source rows missing,
 * rows present more than once, and visible parts that were not complete gzip CSV files.
 */
record RowTally(long rows, long lost, long duplicated, int partialFiles) {
  static final RowTally NONE = new RowTally(0, 0, 0, 0);

  RowTally plus(RowTally other) {
    return new RowTally(rows + other.rows, lost + other.lost, duplicated + other.duplicated, partialFiles + other.partialFiles);
  }
}
