package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/** INT64: decimal digits. Inside JSON a string by default, as BigQuery's JSON export does. */
final class Int64Writer extends ValueWriter {
  private final boolean jsonAsString;
  private ArrowBuf data;

  Int64Writer(boolean jsonAsString) {
    this.jsonAsString = jsonAsString;
  }

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    data = ((BigIntVector) vector).getDataBuffer();
  }

  @Override
  void writeText(int index, TextBuffer out) {
    out.writeLong(data.getLong((long) index * BigIntVector.TYPE_WIDTH));
  }

  @Override
  String alphabet() {
    return "-0123456789";
  }

  @Override
  void writeJson(int index, TextBuffer out) {
    if (jsonAsString) {
      super.writeJson(index, out);
    } else {
      writeText(index, out);
    }
  }
}
