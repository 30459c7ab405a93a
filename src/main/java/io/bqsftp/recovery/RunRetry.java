package io.bqsftp.recovery;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.export.PartDestination;
import io.bqsftp.export.RunLock;
import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import io.bqsftp.ledger.Ledger;
import io.bqsftp.ledger.RunRecord;
import io.bqsftp.ledger.RunState;
import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.SftpUploader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes a failed run from staging, never from BigQuery: uploads the run's staged files (and
 * files the ledger says landed but the server no longer has, while a staged copy exists),
 * verifies each against the ledger, records each file's new status and then the run's, and
 * deletes staged copies that landed. A run that already succeeded is left alone.
 */
public final class RunRetry {
  private static final Logger LOG = LoggerFactory.getLogger(RunRetry.class);

  /** How long a retry waits for its history to reach the table before saying it is only journaled. */
  static final Duration HISTORY_FLUSH = Duration.ofSeconds(10);

  private final RecoveryServices services;
  private final Clock clock;
  private final StagedUpload stagedUpload;

  public RunRetry(RecoveryServices services, Clock clock) {
    this.services = services;
    this.clock = clock;
    this.stagedUpload = new StagedUpload(services.staging());
  }

  /**
   * @throws IllegalArgumentException for an export the config does not know
   * @throws IOException when the ledger cannot be read
   */
  public RetryReport retry(String exportName, LocalDate date) throws IOException {
    ExportConfig export = services.config().export(exportName)
        .orElseThrow(() -> new IllegalArgumentException("export_name: unknown export \"" + exportName + "\""));
    Ledger ledger = services.ledger();
    Optional<RunRecord> latest = ledger.latestRun(exportName, date);
    List<String> warnings = new ArrayList<>(ledger.readWarnings());
    if (latest.isEmpty()) {
      return new RetryReport(exportName, date, Optional.empty(), RetryReport.Outcome.NO_RUN, "unknown",
          "no run of " + exportName + " for " + date + " in the ledger", List.of(), warnings);
    }
    RunRecord run = latest.get();
    Optional<String> runId = Optional.of(run.runId());
    if (run.status() == RunState.SUCCEEDED) {
      return new RetryReport(exportName, date, runId, RetryReport.Outcome.NOTHING_TO_DO, run.status().text(),
          "run " + run.runId() + " already succeeded; nothing changed", List.of(), warnings);
    }
    if (run.status() == RunState.RUNNING) {
      return new RetryReport(exportName, date, runId, RetryReport.Outcome.NOT_FINISHED, run.status().text(),
          "run " + run.runId() + " has not finished (still running, or its process died): if it died, run the export again",
          List.of(), warnings);
    }
    SftpUploader uploader = services.uploader(export);
    // A new run of the same export and date on any replica writes these names too: one at a time.
    try (RunLock lock = RunLock.acquire(PartDestination.of(uploader), exportName, date, run.runId() + "-retry", clock)) {
      Map<String, RemoteFileInfo> remote = listing(uploader, warnings);
      List<FileRecord> files = ledger.files(run.runId());
      warnings.addAll(ledger.readWarnings());
      List<RetryReport.FileResult> results = new ArrayList<>();
      List<FileRecord> now = new ArrayList<>();
      for (FileRecord file : files) {
        now.add(handle(uploader, file, remote, results, warnings));
      }
      return finish(run, now, results, warnings);
    } catch (RunLock.HeldElsewhereException e) {
      return new RetryReport(exportName, date, runId, RetryReport.Outcome.NOT_FINISHED, run.status().text(),
          e.getMessage(), List.of(), warnings);
    }
  }

  /** Retries one file when it needs it; returns its status afterwards. */
  private FileRecord handle(SftpUploader uploader, FileRecord file, Map<String, RemoteFileInfo> remote,
      List<RetryReport.FileResult> results, List<String> warnings) throws IOException {
    boolean missing = file.status() == FileState.LANDED && remote != null && !remote.containsKey(file.fileName());
    if (file.status() == FileState.LANDED && !missing) {
      return file;
    }
    if (file.stagedUri().isEmpty() || (missing && !services.staging().exists(file.stagedUri().get()))) {
      String why = missing
          ? "recorded as landed but missing on the SFTP server, and no staged copy exists: run the export again"
          : "was never staged (" + file.errorMessage().orElse("no reason recorded") + "): run the export again";
      results.add(new RetryReport.FileResult(file.fileName(), missing ? "missing" : "lost", file.bytes(),
          file.sha256(), file.stagedUri(), Optional.of(why)));
      if (!missing) {
        return file;
      }
      FileRecord gone = file.next(FileState.FAILED, Optional.of(why), clock.instant());
      services.ledger().fileRecorded(gone);
      return gone;
    }
    String uri = file.stagedUri().get();
    Optional<String> failure = uploadWithRetries(uploader, file, uri);
    FileRecord after = failure.isEmpty()
        ? file.next(FileState.LANDED, Optional.empty(), clock.instant())
        : file.next(FileState.STAGED, failure, clock.instant());
    services.ledger().fileRecorded(after);
    if (failure.isEmpty()) {
      try {
        services.staging().delete(uri);
      } catch (IOException e) {
        warnings.add(file.fileName() + " landed but its staged copy " + uri + " could not be deleted: " + e.getMessage());
      }
    }
    results.add(new RetryReport.FileResult(file.fileName(), failure.isEmpty() ? "landed" : "failed", file.bytes(),
        file.sha256(), Optional.of(uri), failure));
    return after;
  }

  private Optional<String> uploadWithRetries(SftpUploader uploader, FileRecord file, String uri) throws IOException {
    DeliveryConfig delivery = services.config().delivery();
    String last = null;
    for (int attempt = 1; attempt <= delivery.uploadAttempts(); attempt++) {
      sleep(delivery.backoffBefore(attempt));
      try {
        stagedUpload.upload(uploader, file, uri);
        LOG.info("retry: {} landed from {}", file.fileName(), uri);
        return Optional.empty();
      } catch (StagedUpload.MismatchException e) {
        return Optional.of(e.getMessage());
      } catch (IOException | RuntimeException e) {
        last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.info("retry: attempt {} of {} for {} failed: {}", attempt, delivery.uploadAttempts(), file.fileName(), last);
      }
    }
    return Optional.of("upload failed after " + delivery.uploadAttempts() + " attempt(s): " + last);
  }

  /** Records the run's new status when anything was attempted, and builds the report. */
  private RetryReport finish(RunRecord run, List<FileRecord> files, List<RetryReport.FileResult> results,
      List<String> warnings) throws IOException {
    long landed = files.stream().filter(f -> f.status() == FileState.LANDED).count();
    boolean complete = run.fileCount().map(n -> n == files.size()).orElse(false);
    boolean succeeded = complete && landed == files.size();
    String message;
    if (succeeded) {
      message = "every file of run " + run.runId() + " landed (" + files.size() + ")";
    } else if (!complete) {
      message = "run " + run.runId() + " broke off before every row was read ("
          + run.errorMessage().orElse("no reason recorded") + "): only a new run can complete it";
    } else {
      message = (files.size() - landed) + " of " + files.size() + " file(s) of run " + run.runId() + " still did not land";
    }
    RunState state = succeeded ? RunState.SUCCEEDED : RunState.FAILED;
    if (!results.isEmpty() || succeeded) {
      long rows = files.stream().filter(f -> f.status() == FileState.LANDED).mapToLong(FileRecord::rows).sum();
      services.ledger().runFinished(run.next(RunRecord.RETRIED, state, rows, clock.instant(),
          succeeded ? Optional.empty() : Optional.of(message), run.fileCount()));
    }
    services.ledger().flush(HISTORY_FLUSH).ifPresent(warnings::add);
    return new RetryReport(run.exportName(), run.runDate(), Optional.of(run.runId()), RetryReport.Outcome.RETRIED,
        state.text(), message, results, warnings);
  }

  private static Map<String, RemoteFileInfo> listing(SftpUploader uploader, List<String> warnings) {
    try {
      Map<String, RemoteFileInfo> byName = new HashMap<>();
      uploader.list().forEach(f -> byName.put(f.name(), f));
      return byName;
    } catch (IOException e) {
      // Staged files can still be retried; files missing on the server cannot be detected.
      warnings.add("cannot list the SFTP directory, missing files not checked: " + e.getMessage());
      return null;
    }
  }

  private static void sleep(Duration wait) throws InterruptedIOException {
    if (wait.isZero()) {
      return;
    }
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("retry interrupted");
    }
  }
}
