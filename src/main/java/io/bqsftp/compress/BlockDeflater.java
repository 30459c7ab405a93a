package io.bqsftp.compress;

/**
 * Deflates one block of a {@link ParallelGzipOutputStream}: a raw deflate stream primed with a
 * dictionary, ended with a sync flush (byte-aligned, not final) or, for the last block, final.
 * Blocks written this way one after another form a single deflate stream. One block at a time;
 * reusable after {@link #deflate}; {@link #end()} frees native memory.
 */
interface BlockDeflater {

  /**
   * @param output receives the compressed bytes; grown when they do not fit
   * @return the number of bytes written to {@code output.bytes}
   */
  int deflate(byte[] dictionary, int dictionaryLength, byte[] input, int length, boolean last, Output output);

  /** Frees native memory; the deflater is unusable afterwards. */
  void end();

  /** A block's output buffer, grown in place when compressed data does not fit. */
  final class Output {
    byte[] bytes;

    Output(int capacity) {
      bytes = new byte[capacity];
    }
  }
}
