package io.bqsftp.bus;

import io.bqsftp.ops.LogContext;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Delivery options for the pipeline's messages: local only, and carrying the sender's log context
 * ({@code run_id}, {@code export_name}, the Cloud Logging trace) as headers, so a handler on another thread logs in the
 * run's name ({@link #inContext}).
 */
public final class BusMessages {
  private BusMessages() {}

  /** Local-only options with the calling thread's log context as headers. */
  public static DeliveryOptions options() {
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true);
    copy(LogContext.RUN_ID, options);
    copy(LogContext.EXPORT_NAME, options);
    copy(LogContext.TRACE, options);
    return options;
  }

  /** The same with a send timeout (a request unanswered for that long fails with TIMEOUT). */
  public static DeliveryOptions options(long timeoutMillis) {
    return options().setSendTimeout(timeoutMillis);
  }

  /** Runs {@code handler} in the log context carried by {@code message}'s headers. */
  public static <T> T inContext(Message<?> message, Supplier<T> handler) {
    MultiMap headers = message.headers();
    try (LogContext ignored = LogContext.forRun(headers.get(LogContext.EXPORT_NAME), headers.get(LogContext.RUN_ID))
        .with(LogContext.TRACE, headers.get(LogContext.TRACE))) {
      return handler.get();
    }
  }

  /** Runs {@code handler} in the log context carried by {@code message}'s headers. */
  public static void inContext(Message<?> message, Runnable handler) {
    inContext(message, () -> {
      handler.run();
      return null;
    });
  }

  private static void copy(String key, DeliveryOptions options) {
    String value = MDC.get(key);
    if (value != null) {
      options.addHeader(key, value);
    }
  }
}
