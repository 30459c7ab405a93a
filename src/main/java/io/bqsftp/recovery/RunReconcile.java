package io.bqsftp.recovery;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.delivery.RunLock;
import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import io.bqsftp.ledger.JournaledLedger;
import io.bqsftp.ledger.Ledger;
import io.bqsftp.ledger.LedgerEntry;
import io.bqsftp.contract.RunStatus;
import io.bqsftp.sftp.RemoteFileInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the export history in line with the SFTP server for a run whose files landed but whose
 * end was never recorded (its process died after the last rename, or the history write was lost):
 * first delivers what the local journal still holds, then, when the latest run is still "running"
 * although nobody holds its lock and every file it recorded is on the server with its recorded
 * size and nothing unknown is, records it as succeeded (event {@code reconciled}).
 */
public final class RunReconcile {
  private static final Logger LOG = LoggerFactory.getLogger(RunReconcile.class);
  public static final String RECONCILED = "reconciled";

  private final RecoveryServices services;
  private final Clock clock;

  public RunReconcile(RecoveryServices services, Clock clock) {
    this.services = services;
    this.clock = clock;
  }

  /** Reconciles when it safely can, and returns the check of the run afterwards. */
  public CheckReport reconcile(String exportName, LocalDate date) throws IOException {
    Ledger ledger = services.ledger();
    if (ledger instanceof JournaledLedger journaled) {
      journaled.deliver().ifPresent(e -> LOG.warn("reconcile: journaled history still not delivered: {}", e));
    }
    var check = new RunCheck(services);
    CheckReport before = check.check(exportName, date);
    Optional<LedgerEntry> latest = ledger.latestRun(exportName, date);
    if (latest.isEmpty() || latest.get().status() != RunStatus.RUNNING) {
      return before;
    }
    LedgerEntry run = latest.get();
    List<FileRecord> files = ledger.files(run.runId());
    boolean allLanded = !files.isEmpty() && files.stream().allMatch(f -> f.status() == FileState.LANDED);
    if (!allLanded || !before.missing().isEmpty() || !before.wrongSize().isEmpty() || !before.unexpected().isEmpty()) {
      return before;
    }
    // Only while nobody writes the export and date: holding its lock proves the run is not alive.
    ExportConfig export = services.config().export(exportName).orElseThrow();
    try (RunLock lock = RunLock.acquire(services.lockFolder(export), services.lockTiming(clock), exportName, date,
        run.runId() + "-reconcile")) {
      long rows = files.stream().mapToLong(FileRecord::rows).sum();
      ledger.runFinished(run.next(RECONCILED, RunStatus.SUCCEEDED, rows, clock.instant(), Optional.empty(),
          Optional.of(files.size())));
    } catch (RunLock.HeldElsewhereException e) {
      return before;
    }
    ledger.flush(Duration.ofSeconds(10));
    LOG.info("reconcile: run {} of {} for {} recorded as succeeded: its {} file(s) are on the server", run.runId(),
        exportName, date, files.size());
    return check.check(exportName, date);
  }
}
