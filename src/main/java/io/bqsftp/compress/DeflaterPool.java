package io.bqsftp.compress;

import java.util.ArrayDeque;

/**
 * {@link BlockDeflater}s of one level and engine, reused across blocks: each holds native memory
 * (~300 KiB for zlib, ~1 MiB for ISA-L) that only {@link BlockDeflater#end()} frees, so creating
 * one per block would churn native memory and lean on the GC to release it. Thread-safe: block
 * tasks borrow and release on executor threads while the owner closes the pool on its own thread.
 */
final class DeflaterPool implements AutoCloseable {
  private final int level;
  private final DeflateEngine engine;
  private final ArrayDeque<BlockDeflater> idle = new ArrayDeque<>();
  private boolean closed;

  DeflaterPool(int level) {
    this.level = level;
    this.engine = DeflateEngine.forLevel(level);
  }

  DeflateEngine engine() {
    return engine;
  }

  /** A deflater, pooled or new. */
  BlockDeflater borrow() {
    synchronized (this) {
      BlockDeflater pooled = idle.poll();
      if (pooled != null) {
        return pooled;
      }
    }
    return engine.newDeflater(level);
  }

  /** Returns a deflater; one released after {@link #close()} (a late task) is ended at once. */
  void release(BlockDeflater deflater) {
    synchronized (this) {
      if (!closed) {
        idle.push(deflater);
        return;
      }
    }
    deflater.end();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      for (BlockDeflater d : idle) {
        d.end();
      }
      idle.clear();
    }
  }
}
