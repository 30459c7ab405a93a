package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;

/** DATE (date32, days since 1970-01-01): {@code YYYY-MM-DD}. */
final class DateWriter extends ValueWriter {
  private ArrowBuf data;

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    data = ((DateDayVector) vector).getDataBuffer();
  }

  @Override
  void writeText(int index, TextBuffer out) {
    CivilText.writeDate(data.getInt((long) index * DateDayVector.TYPE_WIDTH), out);
  }

  @Override
  String alphabet() {
    return "-0123456789";
  }
}
