package io.bqsftp.local;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A table that grows by appends (the Storage Write API's default stream). A read session sees the
 * rows that existed when it was created: streams are planned over {@link #rowCount()} then, and
 * later appends only add rows beyond that range.
 */
public final class AppendableTable implements LocalTable {
  private final List<BqField> columns;
  private final TableFiller filler;
  private final List<Object[]> rows = new ArrayList<>();

  public AppendableTable(List<BqField> columns) {
    this.columns = List.copyOf(columns);
    this.filler = new TableFiller(this.columns);
  }

  @Override
  public List<BqField> columns() {
    return columns;
  }

  /** Appends every row or none; each row holds one value per column in the {@link ArrowValueWriter} model. */
  public synchronized void append(List<Object[]> batch) {
    for (Object[] row : batch) {
      if (row.length != columns.size()) {
        throw new IllegalArgumentException("a row needs " + columns.size() + " values, got " + row.length);
      }
    }
    rows.addAll(batch);
  }

  @Override
  public synchronized long rowCount() {
    return rows.size();
  }

  @Override
  public synchronized void fill(VectorSchemaRoot root, long from, int count) {
    if (from < 0 || count < 0 || from + count > rows.size()) {
      throw new IndexOutOfBoundsException("rows [" + from + ", " + (from + count) + ") of " + rows.size());
    }
    filler.fill(root, from, count, (column, row) -> rows.get((int) row)[column]);
  }

  /** A copy of the rows so far (tests). */
  public synchronized List<Object[]> rows() {
    return new ArrayList<>(rows);
  }
}
