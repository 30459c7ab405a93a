package io.bqsftp.csv;

import java.io.IOException;

/**
 * Receives CSV text in chunks that always end on a row boundary. The bytes are only valid during
 * the call: the encoder reuses its buffer afterwards.
 */
@FunctionalInterface
public interface CsvChunkConsumer {
  void accept(byte[] bytes, int length, long rows) throws IOException;
}
