package io.bqsftp.compress;

import java.io.OutputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Parallel gzip streams on a plain thread pool, for tests and benches without a Vert.x. */
public final class GzipTestStreams {
  private GzipTestStreams() {}

  /**
   * A gzip stream over {@code downstream}: with {@code poolThreads >= 2} blocks are deflated on
   * {@code pool}, two in flight per thread; otherwise inline on the caller's thread.
   */
  public static ParallelGzipOutputStream open(OutputStream downstream, int level, Executor pool, int poolThreads) {
    if (poolThreads < 2 || pool == null) {
      return new ParallelGzipOutputStream(downstream, level, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, 1, Runnable::run);
    }
    return new ParallelGzipOutputStream(downstream, level, ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE, 2 * poolThreads, pool);
  }

  /** A fixed pool of daemon threads named gzip-N. */
  public static ExecutorService newPool(int threads) {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "gzip-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return Executors.newFixedThreadPool(threads, factory);
  }
}
