package io.bqsftp.json;

import io.bqsftp.csv.CsvChunkConsumer;
import io.bqsftp.csv.JsonRowText;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns Read API Arrow batches into newline-delimited JSON as BigQuery's NEWLINE_DELIMITED_JSON
 * extract writes it (docs/json-format.md): one object per row, keys in column order. Hands the text
 * on in chunks that end on a row boundary, as {@link io.bqsftp.csv.ArrowCsvEncoder} does, so the
 * part writer treats both formats alike. One encoder per reading thread.
 */
public final class ArrowJsonEncoder {
  private final JsonRowText rows;

  /** @throws IllegalArgumentException for a column type the Read API does not produce */
  public ArrowJsonEncoder(Schema schema) {
    this.rows = new JsonRowText(schema);
  }

  /**
   * Renders every row of the batch; {@code out} receives chunks of at most {@code maxChunkBytes}
   * (a single longer row alone). The bytes are valid only during the call.
   */
  public void encode(VectorSchemaRoot batch, int maxChunkBytes, CsvChunkConsumer out) throws IOException {
    if (maxChunkBytes <= 0) {
      throw new IllegalArgumentException("maxChunkBytes must be positive: " + maxChunkBytes);
    }
    rows.bind(batch);
    rows.clear();
    int inBuffer = 0;
    for (int row = 0; row < batch.getRowCount(); row++) {
      int rowStart = rows.size();
      rows.appendRow(row);
      inBuffer++;
      if (rows.size() > maxChunkBytes) {
        if (inBuffer > 1) {
          out.accept(rows.bytes(), rowStart, inBuffer - 1);
          rows.keepTail(rowStart);
          inBuffer = 1;
        }
        if (rows.size() > maxChunkBytes) {
          out.accept(rows.bytes(), rows.size(), 1);
          rows.clear();
          inBuffer = 0;
        }
      }
    }
    if (inBuffer > 0) {
      out.accept(rows.bytes(), rows.size(), inBuffer);
      rows.clear();
    }
  }
}
