package io.bqsftp.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Fills a root column by column from a per-cell value source; shared by the table kinds. */
final class TableFiller {

  /** The value of one cell, in {@link ArrowValueWriter}'s value model. */
  @FunctionalInterface
  interface CellSource {
    Object value(int column, long row);
  }

  private final Map<String, Integer> columnIndex = new HashMap<>();

  TableFiller(List<BqField> columns) {
    for (int i = 0; i < columns.size(); i++) {
      columnIndex.put(columns.get(i).name(), i);
    }
  }

  void fill(VectorSchemaRoot root, long from, int count, CellSource cells) {
    root.allocateNew();
    for (FieldVector vector : root.getFieldVectors()) {
      Integer column = columnIndex.get(vector.getName());
      if (column == null) {
        throw new IllegalArgumentException("the table has no column " + vector.getName());
      }
      ArrowValueWriter writer = ArrowValueWriter.forVector(vector);
      for (int r = 0; r < count; r++) {
        writer.write(r, cells.value(column, from + r));
      }
    }
    root.setRowCount(count);
  }
}
