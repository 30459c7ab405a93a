package io.bqsftp.ops;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/**
 * Carries the submitting thread's log context ({@code run_id}, {@code export_name}) to the thread
 * that runs a task, so the lines a run causes on read, gzip, upload and lock threads name the run.
 * The context is captured when the task is submitted and the worker's own is restored afterwards,
 * so a pooled thread shared by several runs (the deflate pool) never leaks one run's id into
 * another's lines.
 */
public final class MdcExecutors {
  private MdcExecutors() {}

  /** {@code executor}, running every task in the log context of the thread that submitted it. */
  public static Executor wrap(Executor executor) {
    return task -> executor.execute(wrap(task));
  }

  public static Runnable wrap(Runnable task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> own = MDC.getCopyOfContextMap();
      set(context);
      try {
        task.run();
      } finally {
        set(own);
      }
    };
  }

  public static <T> Callable<T> wrap(Callable<T> task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> own = MDC.getCopyOfContextMap();
      set(context);
      try {
        return task.call();
      } finally {
        set(own);
      }
    };
  }

  private static void set(Map<String, String> context) {
    if (context == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }
}
