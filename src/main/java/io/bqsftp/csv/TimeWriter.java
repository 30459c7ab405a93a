package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;

/** TIME (time64 microseconds): {@code HH:MM:SS} plus a fraction only when non-zero, trimmed. */
final class TimeWriter extends ValueWriter {
  private ArrowBuf data;

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    data = ((TimeMicroVector) vector).getDataBuffer();
  }

  @Override
  void writeText(int index, TextBuffer out) {
    long micros = data.getLong((long) index * TimeMicroVector.TYPE_WIDTH);
    CivilText.writeTimeOfDay(Math.floorMod(micros, CivilText.MICROS_PER_DAY), out);
  }

  @Override
  String alphabet() {
    return ":.0123456789";
  }
}
