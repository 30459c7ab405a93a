package io.bqsftp.delivery;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.sftp.CipherMismatchException;
import io.bqsftp.sftp.HostKeyRejectedException;
import io.bqsftp.sftp.SftpAuthenticationException;
import io.bqsftp.sftp.SftpFailures;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * When a delivery tries again: which failures no retry can fix, how many attempts in all
 * ({@code sftp.upload_attempts}) and the exponential backoff before each, from
 * {@link DeliveryConfig}. The live run's uploads ({@link PartDelivery}), its commit
 * ({@link SetCommit}) and {@code retry} (recovery/RunRetry) all decide with this class, so a
 * failure is retried in all of them or in none.
 */
public final class RetryPolicy {

  /** Waits between attempts; tests pass a recording one. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** Sleeps on the calling thread (delivery runs on worker threads, never on an event loop). */
  public static final Sleeper THREAD_SLEEP = duration -> {
    if (!duration.isZero()) {
      Thread.sleep(duration.toMillis());
    }
  };

  private final DeliveryConfig config;
  private final Sleeper sleeper;

  public RetryPolicy(DeliveryConfig config, Sleeper sleeper) {
    this.config = config;
    this.sleeper = sleeper;
  }

  /** Attempts in all, the first one included. */
  public int attempts() {
    return Math.max(1, config.uploadAttempts());
  }

  /** Whether attempt number {@code attempt} (from 1), which failed with {@code error}, is followed by another. */
  public boolean tryAgain(int attempt, Throwable error) {
    return attempt < attempts() && !permanent(error);
  }

  /** Waits the backoff due before attempt number {@code attempt} (nothing before the first). */
  public void awaitAttempt(int attempt) throws InterruptedIOException {
    try {
      sleeper.sleep(config.backoffBefore(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to try again");
    }
  }

  public Duration backoffBefore(int attempt) {
    return config.backoffBefore(attempt);
  }

  /**
   * Failures a retry cannot fix: a host key that does not match, refused credentials, no cipher in
   * common with the server, an invalid name, and a server that answers permission denied (or
   * write-protected, not a directory). A
   * refused connection, a dropped session, a missing file or folder (it may be made again), a full
   * disk and other server failures are worth another attempt.
   */
  public static boolean permanent(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof HostKeyRejectedException
          || t instanceof SftpAuthenticationException
          || t instanceof CipherMismatchException
          || t instanceof IllegalArgumentException
          || SftpFailures.isRefusedForGood(t)) {
        return true;
      }
    }
    return false;
  }
}
