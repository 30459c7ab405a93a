package io.bqsftp.faults;

import io.bqsftp.support.ChildJvm;
import java.time.Duration;

/** Waits for a condition a child process brings about, failing with its output when it does not. */
final class Poll {
  interface Condition {
    boolean holds() throws Exception;
  }

  private Poll() {}

  static void until(String what, Duration timeout, ChildJvm child, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what + "\n" + child.output());
      }
      if (!child.isAlive()) {
        throw new AssertionError(child.name() + " ended before " + what + "\n" + child.output());
      }
      Thread.sleep(20);
    }
  }
}
