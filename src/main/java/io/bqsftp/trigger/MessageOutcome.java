package io.bqsftp.trigger;

/**
 * What to tell Pub/Sub about a message once its run is over. A message that can never succeed (bad
 * body, unknown export, bad date: 4xx) is acked so it does not loop until the dead-letter topic;
 * a run that failed for a reason that may pass (5xx: SFTP unreachable, BigQuery unavailable, the
 * service shutting down) is nacked so Pub/Sub redelivers it, here or on another replica. So is
 * 409, the export and date being written by another run right now: acking could drop a request
 * whose earlier run failed but left its lock; redelivered, it runs once the lock is free. And so is
 * 429, this replica having too many runs waiting: another replica, or this one later, takes it.
 */
public enum MessageOutcome {
  ACK,
  NACK;

  /** From the HTTP-like status of the run's reply (200 for a succeeded run). */
  public static MessageOutcome forStatus(int status) {
    return status >= 500 || status == 409 || status == 429 ? NACK : ACK;
  }
}
