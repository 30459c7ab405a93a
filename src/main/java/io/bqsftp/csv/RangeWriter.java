package io.bqsftp.csv;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * RANGE&lt;T&gt; (struct&lt;start: T, end: T&gt;): {@code [start, end)} with {@code UNBOUNDED} for
 * a null bound, each bound in its CSV text (so a TIMESTAMP bound ends in {@code UTC}).
 */
final class RangeWriter extends ValueWriter {
  private final ValueWriter start;
  private final ValueWriter end;

  RangeWriter(ValueWriter start, ValueWriter end) {
    this.start = start;
    this.end = end;
  }

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    StructVector struct = (StructVector) vector;
    start.bind((FieldVector) struct.getChildByOrdinal(0));
    end.bind((FieldVector) struct.getChildByOrdinal(1));
  }

  @Override
  void writeText(int index, TextBuffer out) {
    out.writeByte('[');
    writeBound(start, index, out);
    out.writeByte(',');
    out.writeByte(' ');
    writeBound(end, index, out);
    out.writeByte(')');
  }

  private static void writeBound(ValueWriter bound, int index, TextBuffer out) {
    if (bound.isNull(index)) {
      out.writeAscii("UNBOUNDED");
    } else {
      bound.writeText(index, out);
    }
  }

  @Override
  String alphabet() {
    return FREE_TEXT;
  }
}
