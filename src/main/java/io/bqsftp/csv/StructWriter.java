package io.bqsftp.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * STRUCT (struct): compact JSON object text in field order, e.g. {@code {"a":"1","b":null}}. Keys
 * are rendered and escaped once, when the schema is read.
 */
final class StructWriter extends ValueWriter {
  private final ValueWriter[] fields;
  private final byte[][] keys; // "name": as JSON, one per field

  StructWriter(List<String> names, List<ValueWriter> fields) {
    this.fields = fields.toArray(new ValueWriter[0]);
    this.keys = new byte[names.size()][];
    TextBuffer key = new TextBuffer(64);
    for (int i = 0; i < keys.length; i++) {
      key.truncate(0);
      key.writeByte('"');
      key.write(names.get(i).getBytes(StandardCharsets.UTF_8));
      JsonEscaping.escapeInPlace(key, 1);
      key.writeByte('"');
      key.writeByte(':');
      keys[i] = Arrays.copyOf(key.array(), key.size());
    }
  }

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    StructVector struct = (StructVector) vector;
    for (int i = 0; i < fields.length; i++) {
      fields[i].bind((FieldVector) struct.getChildByOrdinal(i));
    }
  }

  @Override
  void writeText(int index, TextBuffer out) {
    writeJson(index, out);
  }

  @Override
  void writeJson(int index, TextBuffer out) {
    out.writeByte('{');
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.writeByte(',');
      }
      out.write(keys[i]);
      fields[i].writeJsonOrNull(index, out);
    }
    out.writeByte('}');
  }

  @Override
  String alphabet() {
    return FREE_TEXT;
  }
}
