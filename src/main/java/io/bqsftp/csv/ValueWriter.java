package io.bqsftp.csv;

import org.apache.arrow.vector.FieldVector;

/**
 * Renders the values of one Arrow column (or nested child) as text. A writer is built once per
 * schema field and re-pointed at each batch's vector with {@link #bind}; it is not thread-safe.
 */
abstract class ValueWriter {
  /** {@link #alphabet()} of a writer whose text can contain any character. */
  static final String FREE_TEXT = null;

  /**
   * The batch's validity bits, copied once per batch: a null check is then an array read
   * instead of a virtual call into Arrow with its bounds and reference-count checks.
   */
  private byte[] validity = new byte[0];
  private boolean noNulls;

  /** Points the writer at this batch's vector; subclasses cache its buffers. */
  void bind(FieldVector vector) {
    noNulls = vector.getNullCount() == 0;
    if (!noNulls) {
      int length = (vector.getValueCount() + 7) >>> 3;
      if (validity.length < length) {
        validity = new byte[length];
      }
      vector.getValidityBuffer().getBytes(0, validity, 0, length);
    }
  }

  final boolean isNull(int index) {
    return !noNulls && (validity[index >>> 3] & (1 << (index & 7))) == 0;
  }

  /** Appends the CSV text of a non-null value, unquoted: the caller applies the CSV rule. */
  abstract void writeText(int index, TextBuffer out);

  /**
   * The ASCII characters this writer's text can contain, so that values are only scanned for
   * quoting when the delimiter could appear; {@link #FREE_TEXT} when anything can.
   */
  abstract String alphabet();

  /**
   * Appends a non-null value as a JSON value, for ARRAY and STRUCT columns. By default the CSV
   * text as a JSON string, the way BigQuery's JSON export writes dates, times and BYTES.
   */
  void writeJson(int index, TextBuffer out) {
    out.writeByte('"');
    int start = out.size();
    writeText(index, out);
    if (alphabet() == FREE_TEXT) {
      JsonEscaping.escapeInPlace(out, start);
    }
    out.writeByte('"');
  }

  /** A JSON value that may be null: {@code null} for a missing value. */
  final void writeJsonOrNull(int index, TextBuffer out) {
    if (isNull(index)) {
      out.writeAscii("null");
    } else {
      writeJson(index, out);
    }
  }
}
