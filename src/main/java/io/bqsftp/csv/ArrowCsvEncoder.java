package io.bqsftp.csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Renders Arrow record batches from the BigQuery Storage Read API as the CSV text BigQuery's own
 * export writes (see docs/csv-format.md). One encoder per thread: it reuses a single growable
 * buffer and per-column writers, and keeps no shared mutable state.
 */
public final class ArrowCsvEncoder {
  private static final int INITIAL_BUFFER = 64 * 1024;

  private final CsvQuoting quoting;
  private final byte[] delimiter;
  private final ValueWriter[] writers;
  /** Per column: whether values must be scanned for characters that force quoting. */
  private final boolean[] scanForQuoting;
  private final byte[] header;
  private final TextBuffer buffer = new TextBuffer(INITIAL_BUFFER);
  private long rowsEncoded;

  public ArrowCsvEncoder(Schema schema, CsvFormat format) {
    this(schema, format, CsvTextOptions.BIGQUERY_DEFAULT);
  }

  /**
   * @throws IllegalArgumentException naming the column when a field has an Arrow type that has no
   *     BigQuery CSV text, or when the delimiter is a quote, CR or LF
   */
  public ArrowCsvEncoder(Schema schema, CsvFormat format, CsvTextOptions options) {
    this.quoting = new CsvQuoting(format.delimiter());
    this.delimiter = quoting.delimiterBytes();
    List<Field> fields = schema.getFields();
    this.writers = new ValueWriter[fields.size()];
    this.scanForQuoting = new boolean[fields.size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = ValueWriters.forField(fields.get(i), options);
      String alphabet = writers[i].alphabet();
      scanForQuoting[i] =
          alphabet == ValueWriter.FREE_TEXT || quoting.delimiterIsAnyOf(alphabet);
    }
    this.header = format.printHeader() ? renderHeader(fields) : new byte[0];
  }

  private byte[] renderHeader(List<Field> fields) {
    TextBuffer line = new TextBuffer(256);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.write(delimiter);
      }
      writeField(line, fields.get(i).getName().getBytes(StandardCharsets.UTF_8));
    }
    line.writeByte('\n');
    return Arrays.copyOf(line.array(), line.size());
  }

  private void writeField(TextBuffer line, byte[] text) {
    int start = line.size();
    line.write(text);
    finishValue(line, start, true);
  }

  /** The header line ending in {@code \n}; empty when the format prints no header. */
  public byte[] header() {
    return header.clone();
  }

  /**
   * Renders every row of the batch and hands the text to {@code out} in chunks that end on a row
   * boundary and hold at most {@code maxChunkBytes}, except that a single longer row is passed on
   * alone. The bytes passed to {@code out} are only valid during the call.
   */
  public void encode(VectorSchemaRoot batch, int maxChunkBytes, CsvChunkConsumer out)
      throws IOException {
    if (maxChunkBytes <= 0) {
      throw new IllegalArgumentException("maxChunkBytes must be positive: " + maxChunkBytes);
    }
    bind(batch);
    int rows = batch.getRowCount();
    buffer.truncate(0);
    int rowsInBuffer = 0;
    for (int row = 0; row < rows; row++) {
      int rowStart = buffer.size();
      writeRow(row);
      rowsInBuffer++;
      if (buffer.size() > maxChunkBytes) {
        if (rowsInBuffer > 1) {
          // The rows before this one fit: send them and keep this row for the next chunk.
          out.accept(buffer.array(), rowStart, rowsInBuffer - 1);
          buffer.keepTail(rowStart);
          rowsInBuffer = 1;
        }
        if (buffer.size() > maxChunkBytes) {
          out.accept(buffer.array(), buffer.size(), 1);
          buffer.truncate(0);
          rowsInBuffer = 0;
        }
      }
    }
    if (rowsInBuffer > 0) {
      out.accept(buffer.array(), buffer.size(), rowsInBuffer);
      buffer.truncate(0);
    }
    rowsEncoded += rows;
  }

  /** Rows rendered by this encoder so far, over all batches. */
  public long rowsEncoded() {
    return rowsEncoded;
  }

  private void bind(VectorSchemaRoot batch) {
    List<FieldVector> vectors = batch.getFieldVectors();
    if (vectors.size() != writers.length) {
      throw new IllegalArgumentException(
          "Batch has " + vectors.size() + " columns, the schema " + writers.length);
    }
    for (int i = 0; i < writers.length; i++) {
      try {
        writers[i].bind(vectors.get(i));
      } catch (ClassCastException e) {
        throw new IllegalArgumentException(
            "Column '" + vectors.get(i).getName() + "' does not match the encoder's schema", e);
      }
    }
  }

  private void writeRow(int row) {
    TextBuffer out = buffer;
    for (int c = 0; c < writers.length; c++) {
      if (c > 0) {
        out.write(delimiter);
      }
      ValueWriter writer = writers[c];
      if (!writer.isNull(row)) {
        int start = out.size();
        writer.writeText(row, out);
        finishValue(out, start, scanForQuoting[c]);
      }
    }
    out.writeByte('\n');
  }

  /**
   * Applies the CSV rule to a non-null value just written at {@code start}: empty text becomes
   * {@code ""} so that it differs from NULL (an empty field); otherwise quote when needed.
   */
  private void finishValue(TextBuffer out, int start, boolean scan) {
    if (out.size() == start) {
      out.writeByte('"');
      out.writeByte('"');
    } else if (scan) {
      quoting.quoteIfNeeded(out, start);
    }
  }
}
