package io.bqsftp.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Renders whole rows as JSON objects, one per line, with the value writers that render ARRAY and
 * STRUCT cells as JSON (the rules in docs/csv-format.md, "ARRAY and STRUCT as JSON"), so that the
 * NEWLINE_DELIMITED_JSON output of {@code io.bqsftp.json} and the nested CSV cells agree. The JSON
 * line rules on top of them: a top-level NULL column is left out of its row, and {@code <},
 * {@code >} and {@code &} are written {@code \u003c}, {@code \u003e}, {@code \u0026}, as BigQuery's
 * JSON export does (docs/json-format.md). Not thread-safe: one instance per reading thread.
 */
public final class JsonRowText {
  private static final byte[] LT = "\\u003c".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GT = "\\u003e".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AMP = "\\u0026".getBytes(StandardCharsets.US_ASCII);

  private final ValueWriter[] writers;
  private final byte[][] keys; // "name": per column
  private final TextBuffer buffer = new TextBuffer(1 << 16);
  private final TextBuffer scratch = new TextBuffer(1 << 10);

  /** @throws IllegalArgumentException for a column type the Read API does not produce */
  public JsonRowText(Schema schema) {
    List<Field> fields = schema.getFields();
    writers = new ValueWriter[fields.size()];
    keys = new byte[fields.size()][];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = ValueWriters.forField(fields.get(i), CsvTextOptions.BIGQUERY_DEFAULT);
      scratch.truncate(0);
      scratch.writeByte('"');
      scratch.write(fields.get(i).getName().getBytes(StandardCharsets.UTF_8));
      JsonEscaping.escapeInPlace(scratch, 1);
      scratch.writeByte('"');
      scratch.writeByte(':');
      keys[i] = Arrays.copyOf(scratch.array(), scratch.size());
    }
  }

  /** Points the writers at this batch's columns, which must follow the schema. */
  public void bind(VectorSchemaRoot batch) {
    List<FieldVector> vectors = batch.getFieldVectors();
    if (vectors.size() != writers.length) {
      throw new IllegalArgumentException("Batch has " + vectors.size() + " columns, the schema " + writers.length);
    }
    for (int i = 0; i < writers.length; i++) {
      writers[i].bind(vectors.get(i));
    }
  }

  /** Appends row {@code row} of the bound batch as {@code {...}\n}. */
  public void appendRow(int row) {
    int start = buffer.size();
    buffer.writeByte('{');
    boolean first = true;
    for (int c = 0; c < writers.length; c++) {
      if (writers[c].isNull(row)) {
        continue;
      }
      if (!first) {
        buffer.writeByte(',');
      }
      first = false;
      buffer.write(keys[c]);
      writers[c].writeJson(row, buffer);
    }
    buffer.writeByte('}');
    buffer.writeByte('\n');
    escapeHtmlCharacters(start);
  }

  /** The text appended so far; valid until the next change. */
  public byte[] bytes() {
    return buffer.array();
  }

  public int size() {
    return buffer.size();
  }

  /** Drops everything before {@code from} (the rows already handed on). */
  public void keepTail(int from) {
    buffer.keepTail(from);
  }

  public void clear() {
    buffer.truncate(0);
  }

  /** {@code <>&} only occur inside JSON strings (or embedded JSON text), where the escape is equivalent. */
  private void escapeHtmlCharacters(int start) {
    byte[] a = buffer.array();
    int end = buffer.size();
    int first = -1;
    for (int i = start; i < end; i++) {
      byte b = a[i];
      if (b == '<' || b == '>' || b == '&') {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return;
    }
    scratch.truncate(0);
    scratch.write(a, first, end - first);
    buffer.truncate(first);
    byte[] s = scratch.array();
    for (int i = 0; i < scratch.size(); i++) {
      byte b = s[i];
      switch (b) {
        case '<' -> buffer.write(LT);
        case '>' -> buffer.write(GT);
        case '&' -> buffer.write(AMP);
        default -> buffer.writeByte(b);
      }
    }
  }
}
