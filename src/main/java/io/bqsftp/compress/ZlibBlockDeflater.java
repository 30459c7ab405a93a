package io.bqsftp.compress;

import java.util.Arrays;
import java.util.zip.Deflater;

/** The JDK's zlib {@link Deflater}: every level, every platform. */
final class ZlibBlockDeflater implements BlockDeflater {
  private final Deflater deflater;

  ZlibBlockDeflater(int level) {
    deflater = new Deflater(level, true);
  }

  @Override
  public int deflate(byte[] dictionary, int dictionaryLength, byte[] input, int length, boolean last, Output output) {
    deflater.reset();
    if (dictionaryLength > 0) {
      deflater.setDictionary(dictionary, 0, dictionaryLength);
    }
    deflater.setInput(input, 0, length);
    int n = 0;
    if (last) {
      deflater.finish();
      while (!deflater.finished()) {
        n = deflateInto(output, n, Deflater.NO_FLUSH);
      }
    } else {
      // A sync flush is complete once it leaves room in the output buffer.
      do {
        n = deflateInto(output, n, Deflater.SYNC_FLUSH);
      } while (n == output.bytes.length);
    }
    return n;
  }

  private int deflateInto(Output output, int n, int flush) {
    if (n == output.bytes.length) {
      output.bytes = Arrays.copyOf(output.bytes, output.bytes.length * 2);
    }
    return n + deflater.deflate(output.bytes, n, output.bytes.length - n, flush);
  }

  @Override
  public void end() {
    deflater.end();
  }
}
