package io.bqsftp.local;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A table the local BigQuery server can serve: a schema, a row count and rows on demand. */
public interface LocalTable {

  /** The table's BigQuery columns, in table order. */
  List<BqField> columns();

  /** The Arrow schema the Read API would send for every column, with its field metadata. */
  default Schema schema() {
    return BigQueryArrowTypes.schema(columns());
  }

  long rowCount();

  /**
   * Replaces the contents of {@code root} with rows [from, from + count) and sets its row count.
   * The root's vectors must be top-level columns of this table (any subset, matched by name), so
   * a projection costs nothing for the columns left out.
   */
  void fill(VectorSchemaRoot root, long from, int count);
}
