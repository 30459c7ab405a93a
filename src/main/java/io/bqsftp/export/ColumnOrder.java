package io.bqsftp.export;

import io.bqsftp.contract.SettingRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Puts the columns of each batch in the order the export's {@code columns} setting lists them.
 * The Read API returns selected fields in table order ("the output field order is unrelated to the
 * order of fields in selected_fields"), so the order is restored here, by name, on views that share
 * the decoded vectors (nothing is copied).
 */
final class ColumnOrder {
  private final Schema schema;
  private final int[] positions; // null: batches pass through unchanged

  private ColumnOrder(Schema schema, int[] positions) {
    this.schema = schema;
    this.positions = positions;
  }

  /**
   * The order of {@code columns} over the session's {@code schema}; every column
   * when {@code columns} is empty.
   *
   * @throws SettingRejectedException naming {@code key} when a column is missing from the schema
   */
  static ColumnOrder of(Schema sessionSchema, List<String> columns, String key) {
    if (columns.isEmpty()) {
      return new ColumnOrder(sessionSchema, null);
    }
    List<Field> fields = sessionSchema.getFields();
    int[] positions = new int[columns.size()];
    List<Field> ordered = new ArrayList<>();
    boolean identity = columns.size() == fields.size();
    for (int i = 0; i < columns.size(); i++) {
      int at = indexOf(fields, columns.get(i));
      if (at < 0) {
        throw new SettingRejectedException(key, "column \"" + columns.get(i) + "\" is not in the read session's schema ("
            + fields.stream().map(Field::getName).collect(Collectors.joining(", ")) + ")", null);
      }
      positions[i] = at;
      ordered.add(fields.get(at));
      identity &= at == i;
    }
    return new ColumnOrder(new Schema(ordered), identity ? null : positions);
  }

  /** The schema of the batches {@link #apply} returns: the header's columns. */
  Schema schema() {
    return schema;
  }

  /** A view of {@code batch} with the columns in order; valid as long as {@code batch} is. */
  VectorSchemaRoot apply(VectorSchemaRoot batch) {
    if (positions == null) {
      return batch;
    }
    List<FieldVector> vectors = new ArrayList<>(positions.length);
    for (int position : positions) {
      vectors.add(batch.getVector(position));
    }
    return new VectorSchemaRoot(schema.getFields(), vectors, batch.getRowCount());
  }

  /** BigQuery column names are case-insensitive; an exact match wins. */
  private static int indexOf(List<Field> fields, String name) {
    int loose = -1;
    for (int i = 0; i < fields.size(); i++) {
      String candidate = fields.get(i).getName();
      if (candidate.equals(name)) {
        return i;
      }
      if (loose < 0 && candidate.equalsIgnoreCase(name)) {
        loose = i;
      }
    }
    return loose;
  }
}
