package io.bqsftp.read;

import io.bqsftp.csv.CsvChunkConsumer;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Renders a batch as text in row-aligned chunks: CSV ({@code ArrowCsvEncoder::encode}) or JSON lines
 * ({@code ArrowJsonEncoder::encode}). One per read stream: encoders reuse their buffers.
 */
@FunctionalInterface
public interface RowEncoder {
  void encode(VectorSchemaRoot batch, int maxChunkBytes, CsvChunkConsumer out) throws IOException;
}
