package io.bqsftp.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.bench.CsvSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {
  static final int BLOCK = 64 * 1024;
  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = GzipTestStreams.newPool(2);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  /** Compresses with a 2-thread pool (parallel=true) or inline (false), one large write. */
  static byte[] gzip(byte[] data, boolean parallel, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz =
        new ParallelGzipOutputStream(out, level, BLOCK, 4, parallel ? pool : Runnable::run)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] gunzipJdk(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  static byte[] plainGzip(byte[] data, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out, 64 * 1024) {
          {
            def.setLevel(level);
          }
        }) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** Decompresses with the JDK and with our member parser, which also insists on ONE member. */
  static void assertRoundTrip(byte[] data, byte[] gz) throws Exception {
    assertThat(gunzipJdk(gz)).isEqualTo(data);
    List<GzipMembers.Member> members = GzipMembers.parse(gz);
    assertThat(members).hasSize(1);
    assertThat(members.get(0).data()).isEqualTo(data);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 1, 3 * BLOCK + 777})
  void sizesAroundBlockBoundariesRoundTrip(int size) throws Exception {
    byte[] data = CsvSample.generate(size, size);
    assertRoundTrip(data, gzip(data, true, 6));
    assertRoundTrip(data, gzip(data, false, 6));
  }

  @Test
  void emptyInputIsAValidGzipFile() throws Exception {
    byte[] gz = gzip(new byte[0], true, 6);
    assertRoundTrip(new byte[0], gz);
    assertThat(gz).hasSizeLessThan(30);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 6, 9})
  void manyBlocksOfCsvRoundTripAtEveryLevel(int level) throws Exception {
    byte[] data = CsvSample.generate(3 * 1024 * 1024 + 12345, 7);
    assertRoundTrip(data, gzip(data, true, level));
  }

  @Test
  void randomDataRoundTripsAndBarelyGrows() throws Exception {
    byte[] data = random(2 * 1024 * 1024 + 3, 1);
    byte[] gz = gzip(data, true, 6);
    assertRoundTrip(data, gz);
    assertThat(gz.length).isLessThan(data.length + data.length / 100);
  }

  @Test
  void csvRatioIsWithinTwoPercentOfPlainGzip() throws Exception {
    byte[] data = CsvSample.generate(4 * 1024 * 1024, 3);
    int plain = plainGzip(data, 6).length;
    int parallel = gzip(data, true, 6).length;
    assertThat((double) parallel / plain).isLessThan(1.02);
  }

  /**
   * Each 40 KiB of random bytes appears twice in a row, so most repeats straddle block
   * boundaries: only a block primed with the previous 32 KiB can refer back to them. zlib and
   * ISA-L prime; libdeflate cannot (+29% on this data with 64 KiB blocks), so zlib is forced.
   */
  @Test
  void dictionaryPrimingKeepsCrossBlockMatches() throws Exception {
    System.setProperty(DeflateEngine.PROPERTY, "jdk");
    try {
      assertPrimingKeepsCrossBlockMatches();
    } finally {
      System.clearProperty(DeflateEngine.PROPERTY);
    }
  }

  private void assertPrimingKeepsCrossBlockMatches() throws Exception {
    ByteArrayOutputStream repetitive = new ByteArrayOutputStream();
    for (int i = 0; i < 40; i++) {
      byte[] chunk = random(20 * 1024, i);
      repetitive.writeBytes(chunk);
      repetitive.writeBytes(chunk);
    }
    byte[] data = repetitive.toByteArray();
    int plain = plainGzip(data, 6).length;
    byte[] gz = gzip(data, true, 6);
    assertRoundTrip(data, gz);
    // Unprimed blocks would each lose up to 32 KiB of matches: ~+25% here.
    assertThat((double) gz.length / plain).isLessThan(1.03);
  }

  @Test
  void highlyRepetitiveDataCompressesLikePlainGzip() throws Exception {
    byte[] data = "the same line again and again\n".repeat(200_000).getBytes();
    byte[] gz = gzip(data, true, 6);
    assertRoundTrip(data, gz);
    int plain = plainGzip(data, 6).length;
    // Each block adds a few bytes of sync flush and restarted matches; tiny in absolute terms.
    assertThat(gz.length).isLessThan(plain + 64 * (data.length / BLOCK + 1));
  }

  @Test
  void singleByteWritesRoundTrip() throws Exception {
    byte[] data = CsvSample.generate(3 * BLOCK + 5, 11);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, BLOCK, 2, pool)) {
      for (byte b : data) {
        gz.write(b);
      }
    }
    assertRoundTrip(data, out.toByteArray());
  }

  @Test
  void mixedWriteSizesRoundTrip() throws Exception {
    byte[] data = CsvSample.generate(5 * 1024 * 1024, 12);
    Random random = new Random(5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, BLOCK, 3, pool)) {
      int pos = 0;
      while (pos < data.length) {
        int n = Math.min(data.length - pos, random.nextInt(4) == 0 ? random.nextInt(300_000) : random.nextInt(100));
        if (n == 1) {
          gz.write(data[pos]);
        } else {
          gz.write(data, pos, n);
        }
        pos += n;
      }
    }
    assertRoundTrip(data, out.toByteArray());
  }

  @Test
  void countsBytesOnBothSides() throws Exception {
    byte[] data = CsvSample.generate(1_000_000, 13);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, BLOCK, 2, pool);
    gz.write(data);
    assertThat(gz.uncompressedBytes()).isEqualTo(data.length);
    gz.close();
    assertThat(gz.compressedBytes()).isEqualTo(out.size());
    assertThat(gz.uncompressedBytes()).isEqualTo(data.length);
  }

  @Test
  void finishLeavesDownstreamOpenAndCloseClosesIt() throws Exception {
    CloseTrackingStream out = new CloseTrackingStream();
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, BLOCK, 2, pool);
    gz.write(new byte[] {1, 2, 3});
    gz.finish();
    gz.finish(); // idempotent
    assertThat(out.closed).isFalse();
    out.write(42); // downstream still usable, e.g. for a following file part
    assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class);
    gz.close();
    gz.close(); // idempotent
    assertThat(out.closed).isTrue();
    byte[] bytes = out.toByteArray();
    assertRoundTrip(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(bytes, bytes.length - 1));
  }

  @Test
  void flushWritesCompletedBlocksAndFlushesDownstream() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, BLOCK, 4, Runnable::run);
    gz.write(CsvSample.generate(2 * BLOCK + 10, 1));
    gz.flush();
    assertThat(out.size()).isGreaterThan(GzipFormat.HEADER_LENGTH); // two blocks are out
    gz.close();
  }

  @Test
  void rejectingExecutorFailsTheStreamAndLaterWritesAreRefused() throws Exception {
    AtomicInteger submissions = new AtomicInteger();
    CloseTrackingStream out = new CloseTrackingStream();
    ParallelGzipOutputStream gz =
        new ParallelGzipOutputStream(
            out,
            6,
            BLOCK,
            4,
            task -> {
              if (submissions.incrementAndGet() == 3) {
                throw new RejectedExecutionException("pool is shut down");
              }
              pool.execute(task);
            });
    byte[] data = CsvSample.generate(10 * BLOCK, 2);
    assertThatThrownBy(() -> gz.write(data))
        .isInstanceOf(IOException.class)
        .hasRootCauseInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> gz.write(1))
        .isInstanceOf(IOException.class)
        .hasRootCauseInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> gz.write(data, 0, 10)).isInstanceOf(IOException.class);
    assertThatThrownBy(gz::flush).isInstanceOf(IOException.class);
    assertThatThrownBy(gz::finish).isInstanceOf(IOException.class);
    assertThatThrownBy(gz::close).isInstanceOf(IOException.class);
    assertThat(out.closed).isTrue();
    gz.close(); // reported once
  }

  @Test
  void shutDownPoolFailsTheStreamAtClose() throws Exception {
    ExecutorService shortLived = Executors.newSingleThreadExecutor();
    ParallelGzipOutputStream gz =
        new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, BLOCK, 2, shortLived);
    gz.write(new byte[100]);
    shortLived.shutdown();
    assertThatThrownBy(gz::close).isInstanceOf(IOException.class)
        .hasRootCauseInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void taskThatNeverRunsFailsTheStream() throws Exception {
    // An executor that drops work by cancelling it, as a shutdownNow() would leave it.
    ParallelGzipOutputStream gz =
        new ParallelGzipOutputStream(
            new ByteArrayOutputStream(), 6, BLOCK, 2,
            task -> ((java.util.concurrent.Future<?>) task).cancel(false));
    assertThatThrownBy(
            () -> {
              gz.write(new byte[3 * BLOCK]);
              gz.finish();
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cancelled");
    assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class);
  }

  @Test
  void downstreamFailureFailsTheStream() throws Exception {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("disk full");
          }
        };
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(broken, 6, BLOCK, 1, Runnable::run);
    assertThatThrownBy(() -> gz.write(new byte[3 * BLOCK])).hasMessageContaining("disk full");
    assertThatThrownBy(() -> gz.write(1)).hasRootCauseMessage("disk full");
  }

  @Test
  void rejectsBadArguments() {
    OutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> new ParallelGzipOutputStream(out, 10, BLOCK, 1, pool))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParallelGzipOutputStream(out, 6, 1024, 1, pool))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParallelGzipOutputStream(out, 6, BLOCK, 0, pool))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void blocksInFlightNeverExceedTheBound(int maxInFlight) throws Exception {
    GatedExecutor gated = new GatedExecutor();
    byte[] data = CsvSample.generate(12 * BLOCK + 99, 4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 1, BLOCK, maxInFlight, gated);
    Thread writer =
        new Thread(
            () -> {
              try (gz) {
                gz.write(data);
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    writer.start();
    int peak = gated.runTasksOneAtATimeWhenWriterWaits(writer);
    writer.join(30_000);
    assertThat(writer.isAlive()).as("writer finished").isFalse();
    assertThat(peak).isEqualTo(maxInFlight); // reached, never exceeded
    assertRoundTrip(data, out.toByteArray());
  }

  static final class CloseTrackingStream extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }
}
