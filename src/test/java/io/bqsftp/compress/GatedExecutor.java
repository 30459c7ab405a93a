package io.bqsftp.compress;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds submitted tasks until the test runs them, so the number of blocks a stream keeps in
 * flight can be read at moments when the writer is provably blocked.
 */
final class GatedExecutor implements Executor {
  private final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();

  @Override
  public void execute(Runnable task) {
    queued.add(task);
  }

  /**
   * Waits until the writer thread is parked on the oldest queued task (it waits for the oldest
   * block) or has ended, records how many submitted tasks are unfinished, runs the oldest one,
   * and repeats. Returns the peak.
   */
  int runTasksOneAtATimeWhenWriterWaits(Thread writer) throws InterruptedException {
    int peak = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      // The park blocker is cleared by the writer itself when it resumes, so a writer that was
      // just released but not yet scheduled is not mistaken for a blocked one.
      while (writer.isAlive()
          && !(writer.getState() == Thread.State.WAITING
              && LockSupport.getBlocker(writer) == queued.peek())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("writer neither waited for the oldest block nor finished");
        }
        Thread.onSpinWait();
      }
      // Tasks run only here, so the queue is exactly the submitted-and-unfinished blocks.
      peak = Math.max(peak, queued.size());
      Runnable next = queued.poll();
      if (next == null) {
        if (!writer.isAlive()) {
          return peak;
        }
        // The writer is between blocks (seen WAITING with no task queued): wait for its next
        // submission or its end, never return while it may still need a task run.
        if (System.nanoTime() > deadline) {
          throw new AssertionError("writer neither submitted a block nor finished");
        }
        Thread.onSpinWait();
        continue;
      }
      next.run();
    }
  }
}
