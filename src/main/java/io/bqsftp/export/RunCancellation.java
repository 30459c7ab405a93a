package io.bqsftp.export;

import java.util.concurrent.CancellationException;

/**
 * Lets the coordinator stop a run it started, in two steps. {@link #cancel()} is cooperative: the
 * next progress report of a read stream throws, so the stream fails like any read error and
 * {@link ExportRunner} aborts the open part on a healthy connection (its temp file is removed, no
 * half-written file gets a final name). {@link #interrupt()} is the last resort for a stream stuck
 * in I/O: the run's thread is interrupted. A run still waiting for a worker never starts.
 */
final class RunCancellation {
  private Thread thread;
  private volatile boolean cancelled;

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
    // No interrupt() can reach this thread any more: drop a late one so the pooled worker does not
    // carry it into the next task.
    Thread.interrupted();
  }

  void cancel() {
    cancelled = true;
  }

  synchronized void interrupt() {
    cancelled = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Called from read threads with each progress report. */
  void throwIfCancelled() {
    if (cancelled) {
      throw new CancellationException("export cancelled");
    }
  }
}
