package io.bqsftp.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts {@code export_name}, {@code run_id} (and, for a run a traced request started, the Cloud
 * Logging trace) into the MDC for the duration of a try-with-resources block, then restores what
 * was there before.
 *
 * <p>The MDC is per thread. On a Vert.x event loop many requests share a thread, so open and close
 * a LogContext around synchronous code only (a blocking worker section, a handler body), never
 * across an asynchronous boundary.
 *
 * <pre>{@code
 * try (LogContext ignored = LogContext.forRun("product_data", runId)) {
 *   log.info("export started");
 * }
 * }</pre>
 */
public final class LogContext implements AutoCloseable {

  public static final String EXPORT_NAME = "export_name";
  public static final String RUN_ID = "run_id";
  /** Cloud Logging shows entries with this key under the request of that trace ({@code projects/P/traces/T}). */
  public static final String TRACE = "logging.googleapis.com/trace";

  /** Previous value per key (null: the key was absent). */
  private final Map<String, String> previous = new LinkedHashMap<>();
  private boolean closed;

  private LogContext() {}

  public static LogContext forRun(String exportName, String runId) {
    return new LogContext().with(EXPORT_NAME, exportName).with(RUN_ID, runId);
  }

  public static LogContext forExport(String exportName) {
    return new LogContext().with(EXPORT_NAME, exportName);
  }

  /** Adds one more key; a null value leaves the key untouched. */
  public LogContext with(String key, String value) {
    if (value != null) {
      if (!previous.containsKey(key)) {
        previous.put(key, MDC.get(key));
      }
      MDC.put(key, value);
    }
    return this;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    previous.forEach((key, value) -> {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    });
  }
}
