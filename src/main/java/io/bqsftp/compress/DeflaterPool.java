package io.bqsftp.compress;

import java.util.ArrayDeque;
import java.util.zip.Deflater;

/**
 * Raw-deflate {@link Deflater}s of one level, reused across blocks: a Deflater holds ~300 KiB
 * of native memory that only {@link Deflater#end()} frees, so creating one per block would churn
 * native memory and lean on the GC to release it. Thread-safe: block tasks borrow and release
 * on executor threads while the owner closes the pool on its own thread.
 */
final class DeflaterPool implements AutoCloseable {
  private final int level;
  private final ArrayDeque<Deflater> idle = new ArrayDeque<>();
  private boolean closed;

  DeflaterPool(int level) {
    this.level = level;
  }

  /** A reset Deflater, pooled or new. */
  Deflater borrow() {
    synchronized (this) {
      Deflater pooled = idle.poll();
      if (pooled != null) {
        return pooled;
      }
    }
    return new Deflater(level, true);
  }

  /** Returns a Deflater; one released after {@link #close()} (a late task) is ended at once. */
  void release(Deflater deflater) {
    deflater.reset();
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
      for (Deflater d : idle) {
        d.end();
      }
      idle.clear();
    }
  }
}
