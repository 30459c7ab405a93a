package io.bqsftp.compress;

import java.io.OutputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses how to gzip one file. Always the same single-member format and the same counters:
 * with one thread (or one core) the block stream runs inline on the writer's thread, which costs
 * no more than {@code GZIPOutputStream} behind a large buffer (docs/compression.md), so callers
 * never need a second code path.
 */
public final class GzipEncoders {
  /** Measured default (docs/compression.md): ISA-L level 1 where it loads. */
  public static final int DEFAULT_LEVEL = 1;

  private GzipEncoders() {}

  /**
   * A gzip stream over {@code downstream}. With {@code poolThreads >= 2} blocks are deflated on
   * {@code pool} (which must have that many threads to gain from them), two blocks in flight per
   * thread so workers never wait on the writer; otherwise everything runs on the caller's thread
   * and {@code pool} may be null.
   */
  public static ParallelGzipOutputStream open(
      OutputStream downstream, int level, Executor pool, int poolThreads) {
    if (poolThreads < 2 || pool == null) {
      return new ParallelGzipOutputStream(
          downstream, level, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, 1, Runnable::run);
    }
    return new ParallelGzipOutputStream(
        downstream, level, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, 2 * poolThreads, pool);
  }

  /** Threads worth giving to compression: one per core, since deflate is CPU-bound. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** A fixed pool of daemon threads named gzip-N, to share among all streams of a process. */
  public static ExecutorService newPool(int threads) {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "gzip-" + counter.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return Executors.newFixedThreadPool(threads, factory);
  }
}
