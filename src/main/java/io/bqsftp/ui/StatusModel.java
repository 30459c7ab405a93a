package io.bqsftp.ui;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.contract.TrackedRun;
import io.bqsftp.ledger.ExportHistory;
import io.bqsftp.ledger.FileRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the status page shows, gathered off the event loop: the configured exports with their
 * history from the ledger, and the runs this process knows of (running ones with live counters).
 *
 * @param ledgerProblem why the history could not be read, when it could not
 */
record StatusModel(Instant now, boolean loginRequired, List<ExportRow> exports, List<TrackedRun> running,
    List<LedgerRun> failed, List<LedgerRun> recent, Optional<String> ledgerProblem) {

  /** One configured export and what the ledger says about it. */
  record ExportRow(ExportConfig config, Optional<ExportHistory> history) {
    Optional<io.bqsftp.ledger.LedgerEntry> lastSuccess() {
      return history.flatMap(h -> h.lastWith(io.bqsftp.contract.RunStatus.SUCCEEDED));
    }

    Optional<io.bqsftp.ledger.LedgerEntry> lastFailure() {
      return history.flatMap(h -> h.lastWith(io.bqsftp.contract.RunStatus.FAILED));
    }
  }

  /** A run from the ledger (its latest event) and its files. */
  record LedgerRun(io.bqsftp.ledger.LedgerEntry run, List<FileRecord> files) {}
}
