package io.bqsftp.local;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What one read stream of a session serves: table rows [startRow, endRow), the selected columns
 * and the rows passing the restriction.
 *
 * @param readSchema the selected columns, in table order: the schema of every batch
 * @param workSchema the selected plus the restriction's columns, in table order: what is filled
 */
record StreamPlan(
    String name,
    LocalTable table,
    Schema readSchema,
    Schema workSchema,
    RowRestriction restriction,
    long startRow,
    long endRow) {

  long tableRows() {
    return endRow - startRow;
  }

  List<Field> readFields() {
    return readSchema.getFields();
  }
}
