package io.bqsftp.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits from a test thread for something another thread or process brings about, always with a
 * timeout, and fails saying what it waited for (with the last value seen, or a process's output)
 * instead of sleeping and hoping. Never call it on a Vert.x event loop.
 */
public final class Poll {
  private static final long INTERVAL_MILLIS = 20;

  public interface Condition {
    boolean holds() throws Exception;
  }

  public interface Probe<T> {
    T read() throws Exception;
  }

  private Poll() {}

  /** Waits until {@code condition} holds. */
  public static void until(String what, Duration timeout, Condition condition) throws Exception {
    until(what, timeout, condition, () -> "");
  }

  /** Waits until {@code condition} holds; a failure adds {@code context} (e.g. a log). */
  public static void until(String what, Duration timeout, Condition condition, Supplier<String> context)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + timeout + " waiting for " + what + suffix(context.get()));
      }
      Thread.sleep(INTERVAL_MILLIS);
    }
  }

  /** Waits until {@code condition} holds while {@code child} runs; fails with its output when it ends first. */
  public static void until(String what, Duration timeout, ChildJvm child, Condition condition) throws Exception {
    until(what, timeout, () -> {
      if (condition.holds()) {
        return true;
      }
      if (!child.isAlive()) {
        throw new AssertionError(child.name() + " ended before " + what + "\n" + child.output());
      }
      return false;
    }, child::output);
  }

  /** Reads {@code probe} until its value satisfies {@code done} and returns that value; a failure shows the last one. */
  public static <T> T value(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = probe.read();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + timeout + " waiting for " + what + "; last seen: " + value);
      }
      Thread.sleep(INTERVAL_MILLIS);
    }
  }

  private static String suffix(String context) {
    return context == null || context.isEmpty() ? "" : "\n" + context;
  }
}
