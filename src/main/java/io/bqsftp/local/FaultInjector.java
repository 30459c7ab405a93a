package io.bqsftp.local;

import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test hook: makes ReadRows fail with a chosen status once a stream has sent a chosen number of
 * rows. Each stream fails at most once per arming, so a client that retries and resumes at the
 * right offset then reads the rest of the stream.
 */
final class FaultInjector {
  private record Fault(long afterRows, Status status) {}

  private volatile Fault fault;
  private final Set<String> firedStreams = ConcurrentHashMap.newKeySet();

  void failAfter(long rows, Status status) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0");
    }
    if (status.isOk()) {
      throw new IllegalArgumentException("a fault needs a non-OK status");
    }
    firedStreams.clear();
    fault = new Fault(rows, status);
  }

  void clear() {
    fault = null;
    firedStreams.clear();
  }

  /** The stream position at which the stream must fail, or -1 when it need not. */
  long failurePoint(String stream) {
    Fault current = fault;
    return current == null || firedStreams.contains(stream) ? -1 : current.afterRows();
  }

  /** Marks the stream as failed and returns the status to fail it with (null if disarmed meanwhile). */
  Status fire(String stream) {
    Fault current = fault;
    if (current == null || !firedStreams.add(stream)) {
      return null;
    }
    return current.status().withDescription(current.status().getDescription() == null
        ? "injected failure after " + current.afterRows() + " rows of " + stream
        : current.status().getDescription());
  }
}
