package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;

/**
 * Microsecond timestamps. TIMESTAMP (with a time zone) renders in UTC as {@code YYYY-MM-DD
 * HH:MM:SS[.f] UTC}; DATETIME (no time zone) as {@code YYYY-MM-DDTHH:MM:SS[.f]}.
 */
final class TimestampWriter extends ValueWriter {
  private final boolean utcTimestamp;
  private ArrowBuf data;

  private TimestampWriter(boolean utcTimestamp) {
    this.utcTimestamp = utcTimestamp;
  }

  static TimestampWriter timestamp() {
    return new TimestampWriter(true);
  }

  static TimestampWriter datetime() {
    return new TimestampWriter(false);
  }

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    // Micro vectors with and without a zone share this base class and layout.
    data = ((TimeStampVector) vector).getDataBuffer();
  }

  @Override
  void writeText(int index, TextBuffer out) {
    long micros = data.getLong((long) index * TimeStampVector.TYPE_WIDTH);
    if (utcTimestamp) {
      CivilText.writeDateTime(micros, ' ', out);
      out.writeAscii(" UTC");
    } else {
      CivilText.writeDateTime(micros, 'T', out);
    }
  }

  @Override
  String alphabet() {
    return utcTimestamp ? "-:. 0123456789UTC" : "-:.T0123456789";
  }
}
