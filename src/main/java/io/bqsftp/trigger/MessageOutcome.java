package io.bqsftp.trigger;

/**
 * What to tell Pub/Sub about a message once its run is over. A message that can never succeed (bad
 * body, unknown export, bad date: 4xx) is acked so it does not loop until the dead-letter topic;
 * so is a duplicate that another replica is running right now (409): that replica settles its own
 * message;
 * a run that failed for a reason that may pass (5xx: SFTP unreachable, BigQuery unavailable, the
 * service shutting down) is nacked so Pub/Sub redelivers it, here or on another replica.
 */
public enum MessageOutcome {
  ACK,
  NACK;

  /** From the HTTP-like status of the run's reply (200 for a succeeded run). */
  public static MessageOutcome forStatus(int status) {
    return status >= 500 ? NACK : ACK;
  }
}
