package io.bqsftp.csv;

import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/** BOOL: {@code true} / {@code false}, also as JSON literals. */
final class BoolWriter extends ValueWriter {
  private BitVector bits;

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    bits = (BitVector) vector;
  }

  @Override
  void writeText(int index, TextBuffer out) {
    out.writeAscii(bits.get(index) != 0 ? "true" : "false");
  }

  @Override
  String alphabet() {
    return "truefals";
  }

  @Override
  void writeJson(int index, TextBuffer out) {
    writeText(index, out);
  }
}
