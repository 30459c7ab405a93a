package io.bqsftp.compress;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Proves, once at load time, that a native deflate library behaves as its {@link BlockDeflater}
 * assumes (struct layout, dictionary, sync flush, final block): two blocks, the second referring
 * back into the first, must inflate to the input with the JDK's {@link Inflater}. A library that
 * fails is not used.
 */
final class BlockDeflaterSelfTest {
  private BlockDeflaterSelfTest() {}

  static void run(String engine, IntFunction<BlockDeflater> deflaters, int... levels) throws DataFormatException {
    byte[] first = repeat("id,sku,name,price\n1,SKU-0001,first widget,12.50\n", 40);
    byte[] second = repeat("2,SKU-0002,first widget,12.50\n", 30);
    for (int level : levels) {
      BlockDeflater deflater = deflaters.apply(level);
      try {
        BlockDeflater.Output a = new BlockDeflater.Output(16);
        int aLength = deflater.deflate(new byte[0], 0, first, first.length, false, a);
        BlockDeflater.Output b = new BlockDeflater.Output(16);
        int dictionaryLength = Math.min(first.length, ParallelGzipOutputStream.DICTIONARY_SIZE);
        byte[] dictionary = Arrays.copyOfRange(first, first.length - dictionaryLength, first.length);
        int bLength = deflater.deflate(dictionary, dictionaryLength, second, second.length, true, b);
        byte[] joined = Arrays.copyOf(a.bytes, aLength + bLength);
        System.arraycopy(b.bytes, 0, joined, aLength, bLength);
        byte[] expected = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        if (!Arrays.equals(inflate(engine, joined, expected.length), expected)) {
          throw new IllegalStateException(engine + " level " + level + " self-test: output does not inflate to its input");
        }
      } finally {
        deflater.end();
      }
    }
  }

  private static byte[] inflate(String engine, byte[] deflated, int expectedLength) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated);
      byte[] out = new byte[expectedLength + 1];
      int n = 0;
      while (!inflater.finished() && n < out.length) {
        int k = inflater.inflate(out, n, out.length - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      if (!inflater.finished()) {
        throw new IllegalStateException(engine + " self-test: stream did not end");
      }
      return Arrays.copyOf(out, n);
    } finally {
      inflater.end();
    }
  }

  private static byte[] repeat(String s, int times) {
    return s.repeat(times).getBytes(StandardCharsets.US_ASCII);
  }
}
