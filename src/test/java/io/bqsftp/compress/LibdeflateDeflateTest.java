package io.bqsftp.compress;

import static io.bqsftp.compress.ParallelGzipOutputStreamTest.assertRoundTrip;
import static io.bqsftp.compress.ParallelGzipOutputStreamTest.plainGzip;
import static io.bqsftp.compress.ParallelGzipOutputStreamTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bqsftp.bench.CsvSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Levels 3-9 on libdeflate: blocks compressed independently, made non-final by {@link DeflateTail},
 * must still form one gzip member that inflates byte-exact, whatever the input's shape.
 */
class LibdeflateDeflateTest {
  static final int BLOCK = EngineGzip.BLOCK;

  @BeforeAll
  static void requireLibdeflate() {
    assumeTrue(LibdeflateNative.available(), "libdeflate is not installed (apt-get install libdeflate0): "
        + LibdeflateNative.unavailableReason());
  }

  static byte[] gzip(byte[] data, boolean parallel, int level) throws IOException {
    return EngineGzip.gzip(data, parallel, level, DeflateEngine.LIBDEFLATE);
  }

  @Test
  void servesLevelsThreeToNineAndTheDefault() {
    for (int level = 3; level <= 9; level++) {
      assertThat(DeflateEngine.forLevel(level)).isEqualTo(DeflateEngine.LIBDEFLATE);
    }
    assertThat(DeflateEngine.forLevel(-1)).isEqualTo(DeflateEngine.LIBDEFLATE);
    assertThat(DeflateEngine.forLevel(0)).isEqualTo(DeflateEngine.ZLIB);
  }

  @Test
  void systemPropertyCanSkipIsal() throws Exception {
    System.setProperty(DeflateEngine.PROPERTY, "libdeflate");
    try {
      byte[] data = CsvSample.generate(300_000, 5);
      assertRoundTrip(data, gzip(data, true, 1));
    } finally {
      System.clearProperty(DeflateEngine.PROPERTY);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "6,0", "6,1", "6,100", "6,65535", "6,65536", "6,65537", "6,131072", "6,200000",
    "3,0", "3,65536", "3,196608", "9,1", "9,300001", "1,131073"
  })
  void sizesAroundBlockBoundariesRoundTrip(int level, int size) throws Exception {
    System.setProperty(DeflateEngine.PROPERTY, "libdeflate");
    try {
      byte[] data = CsvSample.generate(size, size);
      assertRoundTrip(data, gzip(data, true, level));
      assertRoundTrip(data, gzip(data, false, level));
    } finally {
      System.clearProperty(DeflateEngine.PROPERTY);
    }
  }

  @Test
  void parallelAndInlineGiveTheSameBytes() throws Exception {
    byte[] data = CsvSample.generate(3 * 1024 * 1024 + 12345, 7);
    byte[] parallel = gzip(data, true, 6);
    assertRoundTrip(data, parallel);
    assertThat(gzip(data, false, 6)).isEqualTo(parallel);
  }

  /** Random blocks end in stored blocks, tiny ones in fixed-Huffman blocks: every kind must join. */
  @Test
  void randomAndMixedDataRoundTrip() throws Exception {
    byte[] random = random(2 * 1024 * 1024 + 3, 1);
    byte[] gz = gzip(random, true, 6);
    assertRoundTrip(random, gz);
    assertThat(gz.length).isLessThan(random.length + random.length / 100);
    ByteArrayOutputStream mixed = new ByteArrayOutputStream();
    for (int i = 0; i < 12; i++) {
      mixed.write(i % 3 == 0 ? random(BLOCK / 3 + i, i) : CsvSample.generate(BLOCK / 2 + 17 * i, i));
    }
    byte[] data = mixed.toByteArray();
    assertRoundTrip(data, gzip(data, true, 6));
  }

  @Test
  void csvCompressesBetterThanZlibAtTheSameLevel() throws Exception {
    byte[] data = CsvSample.generate(4 * 1024 * 1024, 3);
    assertThat(gzip(data, true, 6).length).isLessThan(plainGzip(data, 6).length);
  }

  /** A block made continuable, then a zlib block after it: one stream, both blocks' bytes. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 200, 70_000})
  void tailJoinsAnyBlockToTheNextStream(int size) throws Exception {
    byte[] first = size == 70_000 ? random(size, 9) : "a,b,c\n".repeat(size).getBytes(StandardCharsets.US_ASCII);
    byte[] second = "x,y,z\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    LibdeflateBlockDeflater deflater = new LibdeflateBlockDeflater(6);
    ZlibBlockDeflater zlib = new ZlibBlockDeflater(6);
    try {
      BlockDeflater.Output a = new BlockDeflater.Output(8);
      int aLength = deflater.deflate(new byte[0], 0, first, first.length, false, a);
      assertThat(Arrays.copyOfRange(a.bytes, aLength - 4, aLength)).containsExactly(0, 0, 0xFF, 0xFF);
      BlockDeflater.Output b = new BlockDeflater.Output(8);
      int bLength = zlib.deflate(new byte[0], 0, second, second.length, true, b);
      byte[] joined = Arrays.copyOf(a.bytes, aLength + bLength);
      System.arraycopy(b.bytes, 0, joined, aLength, bLength);
      byte[] expected = Arrays.copyOf(first, first.length + second.length);
      System.arraycopy(second, 0, expected, first.length, second.length);
      assertThat(inflate(joined, expected.length)).isEqualTo(expected);
    } finally {
      deflater.end();
      zlib.end();
    }
  }

  private static byte[] inflate(byte[] deflated, int expectedLength) throws Exception {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated);
      byte[] out = new byte[expectedLength];
      int n = 0;
      while (!inflater.finished() && n < out.length) {
        n += inflater.inflate(out, n, out.length - n);
      }
      assertThat(inflater.finished()).as("stream ends with the last block").isTrue();
      assertThat(inflater.getRemaining()).isZero();
      return out;
    } finally {
      inflater.end();
    }
  }

  @Test
  void levelsOutsideLibdeflateAreRejected() {
    assertThatThrownBy(() -> new LibdeflateBlockDeflater(13))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("13");
  }
}
