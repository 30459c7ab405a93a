package io.bqsftp.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the ways runs are requested and watched: the Pub/Sub pull subscription, the HTTP
 * API's bearer token and how long finished runs stay visible under {@code GET /runs/{id}}.
 */
public record TriggerConfig(
    Optional<String> pubsubSubscription,
    Optional<String> pubsubEmulatorHost,
    Duration pubsubMaxAckExtension,
    Optional<Secret> authToken,
    int runHistorySize,
    Duration runHistoryRetention,
    int maxPendingRuns,
    Duration pubsubConflictRetry,
    Optional<String> traceProject) {

  public static final Duration DEFAULT_MAX_ACK_EXTENSION = Duration.ofHours(6);
  public static final int DEFAULT_RUN_HISTORY_SIZE = 500;
  public static final Duration DEFAULT_RUN_HISTORY_RETENTION = Duration.ofHours(24);
  public static final int DEFAULT_MAX_PENDING_RUNS = 16;
  public static final Duration DEFAULT_CONFLICT_RETRY = Duration.ofSeconds(60);

  /** Without a trace project. */
  public TriggerConfig(Optional<String> pubsubSubscription, Optional<String> pubsubEmulatorHost,
      Duration pubsubMaxAckExtension, Optional<Secret> authToken, int runHistorySize, Duration runHistoryRetention,
      int maxPendingRuns, Duration pubsubConflictRetry) {
    this(pubsubSubscription, pubsubEmulatorHost, pubsubMaxAckExtension, authToken, runHistorySize,
        runHistoryRetention, maxPendingRuns, pubsubConflictRetry, Optional.empty());
  }

  public TriggerConfig(Optional<String> pubsubSubscription, Optional<String> pubsubEmulatorHost,
      Duration pubsubMaxAckExtension, Optional<Secret> authToken, int runHistorySize, Duration runHistoryRetention) {
    this(pubsubSubscription, pubsubEmulatorHost, pubsubMaxAckExtension, authToken, runHistorySize,
        runHistoryRetention, DEFAULT_MAX_PENDING_RUNS, DEFAULT_CONFLICT_RETRY);
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "TriggerConfig[pubsubSubscription=" + pubsubSubscription + ", pubsubEmulatorHost="
        + pubsubEmulatorHost + ", pubsubMaxAckExtension=" + pubsubMaxAckExtension + ", authToken="
        + authToken.map(t -> "******").orElse("none") + ", runHistorySize=" + runHistorySize
        + ", runHistoryRetention=" + runHistoryRetention + ", maxPendingRuns=" + maxPendingRuns
        + ", pubsubConflictRetry=" + pubsubConflictRetry + ", traceProject=" + traceProject + "]";
  }
}
