package io.bqsftp.delivery;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.sftp.RemoteFileUpload;
import io.bqsftp.sftp.SealedFile;
import io.bqsftp.sftp.SftpFailures;
import io.bqsftp.staging.Staging;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets one spooled part sealed on the server under its temp name: seals the live upload, else
 * resends the spool on a fresh upload (new connection from the pool, new temp name) with
 * exponential backoff, up to {@code sftp.upload_attempts} in all; a part that still cannot be
 * delivered is staged once. Nothing becomes visible here: that is the set's commit.
 */
public final class PartDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(PartDelivery.class);

  private final PartDestination destination;
  private final RetryPolicy retries;
  private final Staging staging;
  private final String exportName;
  private final LocalDate runDate;
  private final RunProgress progress;

  public PartDelivery(PartDestination destination, DeliveryConfig config, Staging staging, String exportName,
      LocalDate runDate, RetryPolicy.Sleeper sleeper, RunProgress progress) {
    this.progress = progress;
    this.destination = destination;
    this.retries = new RetryPolicy(config, sleeper);
    this.staging = staging;
    this.exportName = exportName;
    this.runDate = runDate;
  }

  private void failedAttempt(Exception e) {
    progress.uploadFailed(SftpFailures.isConnectionFailure(e));
  }

  /** The outcome of a sealed or staged part. The spool file is deleted in every case. */
  PartOutcome deliver(String name, long rows, long csvBytes, PartSpool.Spooled part) throws InterruptedIOException {
    try {
      Exception last = part.liveFailure();
      if (last != null) {
        failedAttempt(last);
      }
      int attempt = 1;
      if (part.live() != null) {
        try {
          SealedFile sealed = part.live().seal();
          FaultPoint.reached(FaultPoint.PART_SEALED);
          return PartOutcome.sealed(name, sealed.tempName(), rows, sealed.size(), csvBytes, part.sha256());
        } catch (IOException | RuntimeException e) {
          part.live().abort();
          last = e;
          failedAttempt(e);
        }
      }
      while (retries.tryAgain(attempt, last)) {
        attempt++;
        LOG.info("upload of {} failed ({}); attempt {} of {} from the spool in {} ms", name, text(last), attempt,
            retries.attempts(), retries.backoffBefore(attempt).toMillis());
        retries.awaitAttempt(attempt);
        try {
          SealedFile sealed = resend(name, part.file(), part.bytes());
          FaultPoint.reached(FaultPoint.PART_SEALED);
          return PartOutcome.sealed(name, sealed.tempName(), rows, sealed.size(), csvBytes, part.sha256());
        } catch (IOException | RuntimeException e) {
          last = e;
          failedAttempt(e);
        }
      }
      return stage(name, rows, csvBytes, part, "upload failed after " + attempt + " attempt(s): " + text(last));
    } finally {
      PartSpool.deleteQuietly(part.file());
    }
  }

  /** One upload of the spooled bytes; sealing checks the server holds them all. */
  private SealedFile resend(String name, Path spool, long bytes) throws IOException {
    RemoteFileUpload upload = destination.open(name);
    try (InputStream in = Files.newInputStream(spool)) {
      OutputStream out = upload.output();
      in.transferTo(out);
      SealedFile sealed = upload.seal();
      if (sealed.size() != bytes) {
        throw new IOException("sent " + sealed.size() + " bytes of " + name + " but the spool holds " + bytes);
      }
      return sealed;
    } finally {
      upload.abort(); // no-op after seal
    }
  }

  private PartOutcome stage(String name, long rows, long csvBytes, PartSpool.Spooled part, String reason) {
    try {
      String uri = staging.stage(exportName, runDate, name, part.file());
      LOG.warn("{}: {}; staged at {} for retry", name, reason, uri);
      return PartOutcome.notLanded(name, rows, part.bytes(), csvBytes, part.sha256(), Optional.of(uri), reason);
    } catch (IOException | RuntimeException e) {
      String both = reason + "; staging failed too: " + text(e);
      LOG.error("{}: {} (the part is lost: run the export again)", name, both);
      return PartOutcome.notLanded(name, rows, part.bytes(), csvBytes, part.sha256(), Optional.empty(), both);
    }
  }

  public static String text(Throwable t) {
    if (t == null) {
      return "unknown failure";
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }
}
