package io.bqsftp.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a part that failed to upload is retried: attempts per file (counting the first, streamed
 * one), exponential backoff between them, and where the part's bytes are spooled meanwhile.
 */
public record DeliveryConfig(
    int uploadAttempts, Duration initialBackoff, Duration maxBackoff, Path spoolDirectory,
    Duration lockHeartbeat, Duration lockStaleAfter) {

  public static final Duration DEFAULT_LOCK_HEARTBEAT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_LOCK_STALE_AFTER = Duration.ofMinutes(2);

  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  /** The wait before attempt {@code attempt} (2 for the first retry): initial × 2^(attempt-2), capped. */
  public Duration backoffBefore(int attempt) {
    if (attempt <= 1) {
      return Duration.ZERO;
    }
    long millis = initialBackoff.toMillis() << Math.min(20, attempt - 2);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
