package io.bqsftp.recovery;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.delivery.CommitJournal;
import io.bqsftp.delivery.ExistingFiles;
import io.bqsftp.delivery.FileNaming;
import io.bqsftp.config.IfExists;
import io.bqsftp.delivery.PartDelivery;
import io.bqsftp.delivery.PartDestination;
import io.bqsftp.delivery.RetryPolicy;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.SetCommit;
import io.bqsftp.delivery.SideFiles;
import io.bqsftp.delivery.RunLock;
import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import io.bqsftp.ledger.Ledger;
import io.bqsftp.ledger.LedgerEntry;
import io.bqsftp.contract.RunStatus;
import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.SealedFile;
import io.bqsftp.sftp.RemoteFolder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes a failed run from what it left, never from BigQuery: its parts sealed on the server
 * under temp names stay, staged parts are uploaded and sealed (each verified against the ledger's
 * size and SHA-256), and then the whole set is committed as one (see {@link SetCommit}), under the
 * export's lock. A commit a crashed run left half-way is finished first. A run that already
 * succeeded is left alone.
 */
public final class RunRetry {
  private static final Logger LOG = LoggerFactory.getLogger(RunRetry.class);

  /** How long a retry waits for its history to reach the table before saying it is only journaled. */
  static final Duration HISTORY_FLUSH = Duration.ofSeconds(10);

  private final RecoveryServices services;
  private final Clock clock;
  private final StagedUpload stagedUpload;
  private final RetryPolicy retries;
  private final Progress progress;

  /** Told after each file of the run is ready to commit (sealed on the server, or already visible). */
  public interface Progress {
    Progress NONE = (ready, total, bytes) -> {};

    void filesReady(int ready, int total, long bytes);
  }

  public RunRetry(RecoveryServices services, Clock clock) {
    this(services, clock, Progress.NONE);
  }

  public RunRetry(RecoveryServices services, Clock clock, Progress progress) {
    this.services = services;
    this.clock = clock;
    this.stagedUpload = new StagedUpload(services.staging());
    this.retries = new RetryPolicy(services.config().delivery(), RetryPolicy.THREAD_SLEEP);
    this.progress = progress;
  }

  /**
   * @throws IllegalArgumentException for an export the config does not know
   * @throws IOException when the ledger cannot be read
   */
  public RetryReport retry(String exportName, LocalDate date) throws IOException {
    ExportConfig export = services.config().export(exportName)
        .orElseThrow(() -> new IllegalArgumentException("export_name: unknown export \"" + exportName + "\""));
    Ledger ledger = services.ledger();
    // Read the history before touching the server: a ledger that cannot be read stops here.
    ledger.latestRun(exportName, date);
    List<String> warnings = new ArrayList<>(ledger.readWarnings());
    String retryId = RunPlan.of(export, date).runId() + "-retry";
    RemoteFolder uploader = services.uploader(export);
    PartDestination folder = PartDestination.of(uploader);
    // A new run of the same export and date on any replica writes these names too: one at a time.
    try (RunLock lock = RunLock.acquire(services.lockFolder(export), services.lockTiming(clock), exportName, date,
        retryId)) {
      var naming = FileNaming.of(export, date);
      var commit = new SetCommit(folder, lock, naming, exportName, date, services.config().delivery(), RetryPolicy.THREAD_SLEEP);
      Optional<CommitJournal> rolled = commit.rollForward();
      rolled.ifPresent(journal -> {
        journal.recordCommitted(ledger, clock, retryId, LedgerEntry.COMMITTED);
        commit.finish();
      });
      Optional<LedgerEntry> latest = ledger.latestRun(exportName, date);
      if (latest.isEmpty()) {
        return new RetryReport(exportName, date, Optional.empty(), RetryReport.Outcome.NO_RUN, "unknown",
            "no run of " + exportName + " for " + date + " in the ledger", List.of(), warnings);
      }
      LedgerEntry run = latest.get();
      Optional<String> runId = Optional.of(run.runId());
      if (rolled.isPresent() && rolled.get().runId().equals(run.runId())) {
        return new RetryReport(exportName, date, runId, RetryReport.Outcome.RETRIED, RunStatus.SUCCEEDED.text(),
            "finished the interrupted commit of run " + run.runId() + ": its " + rolled.get().files().size()
                + " file(s) are visible", List.of(), warnings);
      }
      if (run.status() == RunStatus.SUCCEEDED) {
        return new RetryReport(exportName, date, runId, RetryReport.Outcome.NOTHING_TO_DO, run.status().text(),
            "run " + run.runId() + " already succeeded; nothing changed", List.of(), warnings);
      }
      if (run.status() == RunStatus.RUNNING) {
        return new RetryReport(exportName, date, runId, RetryReport.Outcome.NOT_FINISHED, run.status().text(),
            "run " + run.runId() + " has not finished (still running, or its process died): if it died, run the export again",
            List.of(), warnings);
      }
      List<FileRecord> files = ledger.files(run.runId());
      warnings.addAll(ledger.readWarnings());
      Map<String, RemoteFileInfo> remote = listing(uploader, warnings);
      var side = SideFiles.of(export, date);
      commit.removeLeftovers(files.stream().map(RunRetry::sealedTemp).flatMap(Optional::stream)
          .collect(Collectors.toSet()), side.manifest(), side.done());
      List<RetryReport.FileResult> results = new ArrayList<>();
      List<FileRecord> now = new ArrayList<>();
      Map<String, String> stagedCopies = new HashMap<>();
      int ready = 0;
      long readyBytes = 0;
      for (FileRecord file : files) {
        FileRecord after = handle(uploader, file, remote, results, stagedCopies);
        now.add(after);
        if (after.status() == FileState.SEALED || after.status() == FileState.LANDED) {
          ready++;
          readyBytes += after.bytes();
        }
        progress.filesReady(ready, files.size(), readyBytes);
      }
      RetryReport report = finish(export, run, now, results, warnings, commit, retryId);
      if (report.runStatus().equals(RunStatus.SUCCEEDED.text())) {
        deleteStagedCopies(stagedCopies, warnings);
      }
      return report;
    } catch (RunLock.HeldElsewhereException e) {
      return new RetryReport(exportName, date, Optional.empty(), RetryReport.Outcome.NOT_FINISHED, "unknown",
          e.getMessage(), List.of(), warnings);
    }
  }

  /** Gets one file sealed on the server when it can be; returns its status afterwards. */
  private FileRecord handle(RemoteFolder uploader, FileRecord file, Map<String, RemoteFileInfo> remote,
      List<RetryReport.FileResult> results, Map<String, String> stagedCopies) throws IOException {
    Optional<String> temp = sealedTemp(file);
    if (temp.isPresent()) {
      RemoteFileInfo there = remote == null ? null : remote.get(temp.get());
      if (remote == null || (there != null && there.size() == file.bytes())) {
        return file;
      }
      return lost(file, "its sealed upload " + temp.get() + " is gone from the SFTP server: run the export again",
          results);
    }
    if (file.status() == FileState.LANDED) {
      RemoteFileInfo there = remote == null ? null : remote.get(file.fileName());
      if (remote == null || (there != null && there.size() == file.bytes())) {
        return file;
      }
      if (file.stagedUri().isEmpty() || !services.staging().exists(file.stagedUri().get())) {
        return lost(file, "recorded as landed but missing on the SFTP server, and no staged copy exists: run the "
            + "export again", results);
      }
    } else if (file.stagedUri().isEmpty()) {
      results.add(new RetryReport.FileResult(file.fileName(), "lost", file.bytes(), file.sha256(), file.stagedUri(),
          Optional.of("was never staged (" + file.errorMessage().orElse("no reason recorded") + "): run the export again")));
      return file;
    }
    String uri = file.stagedUri().get();
    UploadAttempt attempt = uploadWithRetries(uploader, file, uri);
    FileRecord after = attempt.sealed() != null
        ? new FileRecord(file.runId(), file.exportName(), file.runDate(), file.fileName(), file.rows(), file.bytes(),
            file.sha256(), FileState.SEALED, Optional.of(destinationUri(file) + "/" + attempt.sealed().tempName()),
            Optional.empty(), clock.instant())
        : file.next(FileState.STAGED, attempt.failure(), clock.instant());
    services.ledger().fileRecorded(after);
    if (attempt.sealed() == null) {
      results.add(new RetryReport.FileResult(file.fileName(), "failed", file.bytes(), file.sha256(), Optional.of(uri),
          attempt.failure()));
    }
    stagedCopies.put(file.fileName(), uri);
    return after;
  }

  private FileRecord lost(FileRecord file, String why, List<RetryReport.FileResult> results) throws IOException {
    results.add(new RetryReport.FileResult(file.fileName(), "missing", file.bytes(), file.sha256(), file.stagedUri(),
        Optional.of(why)));
    FileRecord gone = file.next(FileState.FAILED, Optional.of(why), clock.instant());
    services.ledger().fileRecorded(gone);
    return gone;
  }

  /** The temp name of a file sealed on the destination (its staged URI points into the export's folder). */
  private static Optional<String> sealedTemp(FileRecord file) {
    if (file.status() != FileState.SEALED) {
      return Optional.empty();
    }
    return file.stagedUri().map(uri -> uri.substring(uri.lastIndexOf('/') + 1));
  }

  private String destinationUri(FileRecord file) {
    return RecoveryServices.destinationUri(services.config(), services.config().export(file.exportName()).orElseThrow());
  }

  private record UploadAttempt(SealedFile sealed, Optional<String> failure) {}

  private UploadAttempt uploadWithRetries(RemoteFolder uploader, FileRecord file, String uri) throws IOException {
    for (int attempt = 1; ; attempt++) {
      retries.awaitAttempt(attempt);
      try {
        SealedFile sealed = stagedUpload.upload(uploader, file, uri);
        LOG.info("retry: {} uploaded from {}", file.fileName(), uri);
        return new UploadAttempt(sealed, Optional.empty());
      } catch (StagedUpload.MismatchException e) {
        return new UploadAttempt(null, Optional.of(e.getMessage()));
      } catch (IOException | RuntimeException e) {
        String last = PartDelivery.text(e);
        LOG.info("retry: attempt {} of {} for {} failed: {}", attempt, retries.attempts(), file.fileName(), last);
        if (!retries.tryAgain(attempt, e)) {
          return new UploadAttempt(null, Optional.of("upload failed after " + attempt + " attempt(s): " + last));
        }
      }
    }
  }

  /**
   * Commits the set when every file of a completely read run is sealed (or already visible), then
   * records it; otherwise records why the run still cannot finish.
   */
  private RetryReport finish(ExportConfig export, LedgerEntry run, List<FileRecord> files,
      List<RetryReport.FileResult> results, List<String> warnings, SetCommit commit, String retryId)
      throws IOException {
    boolean complete = run.fileCount().map(n -> n == files.size()).orElse(false);
    long ready = files.stream().filter(f -> f.status() == FileState.SEALED || f.status() == FileState.LANDED).count();
    String message;
    RunStatus state = RunStatus.FAILED;
    if (!complete) {
      message = "run " + run.runId() + " broke off before every row was read ("
          + run.errorMessage().orElse("no reason recorded") + "): only a new run can complete it";
    } else if (ready < files.size()) {
      message = (files.size() - ready) + " of " + files.size() + " file(s) of run " + run.runId()
          + " still could not be uploaded; none is visible yet";
    } else {
      List<CommitJournal.Entry> entries = files.stream().map(f -> new CommitJournal.Entry(
          sealedTemp(f).orElse(""), f.fileName(), f.rows(), f.bytes(), 0, f.sha256())).toList();
      var plan = new RunPlan(run.runId(), export, run.runDate(), RunPlan.of(export, run.runDate()).window());
      ExistingFiles.Decision decision;
      CommitJournal journal;
      try {
        decision = commit.existing(export.ifExists(), entries);
        journal = CommitJournal.of(plan, run.destinationUri(), run.startedAt(), decision.commit(), clock.instant(),
            export.ifExists() != IfExists.REPLACE);
        commit.publish(journal);
      } catch (RunLock.LostException e) {
        throw e;
      } catch (IOException | ExistingFiles.ExistException e) {
        message = e instanceof ExistingFiles.ExistException ? e.getMessage()
            : "every file of run " + run.runId() + " is uploaded but the commit failed: " + e.getMessage();
        results.add(new RetryReport.FileResult("(commit)", "failed", 0, "", Optional.empty(), Optional.of(e.getMessage())));
        services.ledger().runFinished(run.next(LedgerEntry.RETRIED, state, 0, clock.instant(), Optional.of(message),
            run.fileCount()));
        return new RetryReport(run.exportName(), run.runDate(), Optional.of(run.runId()), RetryReport.Outcome.RETRIED,
            state.text(), message, results, warnings);
      }
      Set<String> skipped = decision.skippedNames();
      for (FileRecord f : files) {
        if (skipped.contains(f.fileName())) {
          services.ledger().fileRecorded(f.next(FileState.SKIPPED,
              Optional.of("not delivered: a file of this name is already in the folder (if_exists: skip)"),
              clock.instant()));
        }
      }
      journal.recordCommitted(services.ledger(), clock, retryId, LedgerEntry.RETRIED);
      commit.finish();
      for (FileRecord f : files) {
        boolean left = skipped.contains(f.fileName());
        results.add(new RetryReport.FileResult(f.fileName(), left ? "skipped" : "landed", f.bytes(), f.sha256(),
            f.stagedUri(), Optional.empty()));
      }
      message = "every file of run " + run.runId() + " landed (" + files.size() + "), committed as one set";
      state = RunStatus.SUCCEEDED;
    }
    if (state == RunStatus.FAILED && !results.isEmpty()) {
      long rows = 0;
      services.ledger().runFinished(run.next(LedgerEntry.RETRIED, state, rows, clock.instant(), Optional.of(message),
          run.fileCount()));
    }
    services.ledger().flush(HISTORY_FLUSH).ifPresent(warnings::add);
    return new RetryReport(run.exportName(), run.runDate(), Optional.of(run.runId()), RetryReport.Outcome.RETRIED,
        state.text(), message, results, warnings);
  }

  private void deleteStagedCopies(Map<String, String> stagedCopies, List<String> warnings) {
    stagedCopies.forEach((name, uri) -> {
      try {
        services.staging().delete(uri);
      } catch (IOException e) {
        warnings.add(name + " landed but its staged copy " + uri + " could not be deleted: " + e.getMessage());
      }
    });
  }

  private static Map<String, RemoteFileInfo> listing(RemoteFolder uploader, List<String> warnings) {
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

}
