package io.bqsftp.ops;

import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Vert.x worker executors seen as plain {@link Executor}s (for code that takes one, like the gzip stream). */
public final class WorkerExecutors {
  private WorkerExecutors() {}

  /**
   * Runs each task on {@code workers} (unordered: tasks run in parallel up to the pool's size), in
   * the log context of the submitting thread. A closed executor rejects the task; a task the pool
   * dropped without running it runs on the thread that learns of it, so nobody waits for it forever.
   */
  public static Executor asExecutor(WorkerExecutor workers) {
    Executor direct = task -> {
      AtomicBoolean started = new AtomicBoolean();
      try {
        workers.executeBlocking(() -> {
          started.set(true);
          task.run();
          return null;
        }, false).onFailure(e -> {
          if (started.compareAndSet(false, true)) {
            task.run();
          }
        });
      } catch (IllegalStateException closed) {
        throw new RejectedExecutionException("worker executor closed", closed);
      }
    };
    return MdcExecutors.wrap(direct);
  }
}
