package io.bqsftp.export;

/**
 * Lets the coordinator stop a run it started: the thread executing the run is interrupted, which
 * makes {@link ExportRunner} stop its read streams and abort the open part (its temp file is
 * removed, no half-written file gets a final name). A run still waiting for a worker never starts.
 */
final class RunCancellation {
  private Thread thread;
  private boolean cancelled;

  /** Called by the worker before running; false when the run was cancelled while it waited. */
  synchronized boolean enter() {
    if (cancelled) {
      return false;
    }
    thread = Thread.currentThread();
    return true;
  }

  /** Called by the worker when the run is over; clears an interrupt meant for this run only. */
  void leave() {
    synchronized (this) {
      thread = null;
    }
    // No cancel() can interrupt this thread any more: drop a late interrupt so the pooled worker
    // does not carry it into the next task.
    Thread.interrupted();
  }

  synchronized void cancel() {
    cancelled = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  synchronized boolean cancelled() {
    return cancelled;
  }
}
