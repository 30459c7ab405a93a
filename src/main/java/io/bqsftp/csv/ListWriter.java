package io.bqsftp.csv;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;

/** ARRAY&lt;T&gt; (list): compact JSON array text, e.g. {@code ["1","2"]}; null elements are null. */
final class ListWriter extends ValueWriter {
  private final ValueWriter element;
  private ListVector list;

  ListWriter(ValueWriter element) {
    this.element = element;
  }

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    list = (ListVector) vector;
    element.bind(list.getDataVector());
  }

  @Override
  void writeText(int index, TextBuffer out) {
    writeJson(index, out);
  }

  @Override
  void writeJson(int index, TextBuffer out) {
    int from = list.getElementStartIndex(index);
    int to = list.getElementEndIndex(index);
    out.writeByte('[');
    for (int i = from; i < to; i++) {
      if (i > from) {
        out.writeByte(',');
      }
      element.writeJsonOrNull(i, out);
    }
    out.writeByte(']');
  }

  @Override
  String alphabet() {
    return FREE_TEXT;
  }
}
