package io.bqsftp.bench;

import io.bqsftp.compress.GzipTestStreams;
import io.bqsftp.compress.ParallelGzipOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time to gzip {@link #SIZE} bytes of CSV handed over in 64 KiB chunks (as the CSV encoder
 * does), into a sink that only counts. {@code impl}: plain = GZIPOutputStream; inline =
 * ParallelGzipOutputStream on the caller's thread; poolN = ParallelGzipOutputStream with an
 * N-thread pool and 2N blocks in flight; inlineZlib = inline with the JDK's zlib even where
 * levels 1-2 would use ISA-L. Run via {@link GzipBenchMain} for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GzipBench {
  public static final int SIZE = 32 << 20;
  static final int CHUNK = 64 * 1024;

  @Param({"plain", "inline", "pool1", "pool2"})
  public String impl;

  @Param({"6", "1"})
  public int level;

  @Param({"262144"})
  public int blockSize;

  private byte[] csv;
  private ExecutorService pool;
  private int threads;

  @Setup
  public void setUp() {
    csv = CsvSample.generate(SIZE, 42);
    threads = impl.startsWith("pool") ? Integer.parseInt(impl.substring(4)) : 0;
    if (threads > 0) {
      pool = GzipTestStreams.newPool(threads);
    }
  }

  @TearDown
  public void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Benchmark
  public long gzip() throws IOException {
    CountingSink sink = new CountingSink();
    try (OutputStream gz = open(sink)) {
      for (int off = 0; off < csv.length; off += CHUNK) {
        gz.write(csv, off, Math.min(CHUNK, csv.length - off));
      }
    }
    return sink.count;
  }

  OutputStream open(OutputStream sink) throws IOException {
    switch (impl) {
      case "plain":
        return new GZIPOutputStream(sink, CHUNK) {
          {
            def.setLevel(level);
          }
        };
      case "inlineZlib":
        System.setProperty("bqsftp.deflate", "jdk");
        try {
          return new ParallelGzipOutputStream(sink, level, blockSize, 1, Runnable::run);
        } finally {
          System.clearProperty("bqsftp.deflate");
        }
      case "inline":
        return new ParallelGzipOutputStream(sink, level, blockSize, 1, Runnable::run);
      default:
        return new ParallelGzipOutputStream(sink, level, blockSize, 2 * threads, pool);
    }
  }

  /** Compressed size of the sample for this configuration (not timed). */
  public static long compressedSize(String impl, int level, int blockSize) throws IOException {
    GzipBench bench = new GzipBench();
    bench.impl = impl;
    bench.level = level;
    bench.blockSize = blockSize;
    bench.setUp();
    try {
      return bench.gzip();
    } finally {
      bench.tearDown();
    }
  }

  static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
