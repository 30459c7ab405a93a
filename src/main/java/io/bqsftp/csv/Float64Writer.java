package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/** FLOAT64 in GoogleSQL's %.15g/%.17g text; see {@link DoubleText}. */
final class Float64Writer extends ValueWriter {
  private ArrowBuf data;

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    data = ((Float8Vector) vector).getDataBuffer();
  }

  private double value(int index) {
    return data.getDouble((long) index * Float8Vector.TYPE_WIDTH);
  }

  @Override
  void writeText(int index, TextBuffer out) {
    DoubleText.write(value(index), out);
  }

  @Override
  String alphabet() {
    return "-+.0123456789eainf";
  }

  /** A JSON number; NaN and infinities are not numbers in JSON, so they become strings. */
  @Override
  void writeJson(int index, TextBuffer out) {
    double v = value(index);
    if (Double.isNaN(v)) {
      out.writeAscii("\"NaN\"");
    } else if (Double.isInfinite(v)) {
      out.writeAscii(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      DoubleText.write(v, out);
    }
  }
}
