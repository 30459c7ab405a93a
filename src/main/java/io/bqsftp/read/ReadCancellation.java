package io.bqsftp.read;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops a run's reads: each read registers how it stops (cancelling its gRPC call on its own
 * context); {@link #cancel()} runs them all, and a read registered afterwards stops at once.
 * Thread-safe: the run's blocking thread cancels, the readers register.
 */
public final class ReadCancellation {
  private final List<Runnable> stops = new ArrayList<>();
  private boolean cancelled;

  /** Registers {@code stop}; false (and {@code stop} is not kept) when already cancelled. */
  public synchronized boolean onCancel(Runnable stop) {
    if (cancelled) {
      return false;
    }
    stops.add(stop);
    return true;
  }

  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = List.copyOf(stops);
      stops.clear();
    }
    toRun.forEach(Runnable::run);
  }

  public synchronized boolean cancelled() {
    return cancelled;
  }
}
