package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * STRING, GEOGRAPHY (WKT) and JSON columns: the UTF-8 bytes as they are. A JSON column is
 * embedded into ARRAY/STRUCT JSON as a JSON value, the other two as JSON strings.
 */
final class Utf8Writer extends ValueWriter {
  private final boolean embedsAsJsonValue;
  private ArrowBuf offsets;
  private ArrowBuf data;

  Utf8Writer(boolean embedsAsJsonValue) {
    this.embedsAsJsonValue = embedsAsJsonValue;
  }

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    VarCharVector v = (VarCharVector) vector;
    offsets = v.getOffsetBuffer();
    data = v.getDataBuffer();
  }

  @Override
  void writeText(int index, TextBuffer out) {
    long at = (long) index * VarCharVector.OFFSET_WIDTH;
    int start = offsets.getInt(at);
    int end = offsets.getInt(at + VarCharVector.OFFSET_WIDTH);
    out.write(data, start, end - start);
  }

  @Override
  String alphabet() {
    return FREE_TEXT;
  }

  @Override
  void writeJson(int index, TextBuffer out) {
    if (embedsAsJsonValue) {
      writeText(index, out);
    } else {
      super.writeJson(index, out);
    }
  }
}
