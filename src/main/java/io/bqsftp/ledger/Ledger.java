package io.bqsftp.ledger;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Export history: append-only status events of runs and of their files. Production writes a
 * BigQuery table; without one, a local JSON-lines file. Implementations are thread-safe.
 */
public interface Ledger extends AutoCloseable {

  void runStarted(LedgerEntry run) throws IOException;

  void fileRecorded(FileRecord file) throws IOException;

  /** A run's final status, or a retry's outcome (event {@code retried}). */
  void runFinished(LedgerEntry run) throws IOException;

  /** The latest event of the most recently started run of this export and date. */
  Optional<LedgerEntry> latestRun(String exportName, LocalDate runDate) throws IOException;

  /** Every run event of the export, in append order. */
  List<LedgerEntry> runEvents(String exportName) throws IOException;

  /**
   * The succeeded run that served the request with this trigger id (a Pub/Sub message id), if
   * any: a redelivery of that request is done already.
   */
  default Optional<LedgerEntry> succeededRunFor(String exportName, String triggerId) throws IOException {
    return LedgerHistory.succeededRunFor(runEvents(exportName), triggerId);
  }

  /** The latest event of each file of the run, in file name order. */
  List<FileRecord> files(String runId) throws IOException;

  /** Every run of the export and its files, for the status page. */
  ExportHistory history(String exportName) throws IOException;
  /**
   * Waits up to {@code max} for every event recorded so far to reach the history proper; returns
   * what is left only in a local journal, if anything (see {@link JournaledLedger}).
   */
  default Optional<String> flush(java.time.Duration max) {
    return Optional.empty();
  }

  /** Problems noticed while reading history (a torn last record, say), for the reader to report. */
  default List<String> readWarnings() {
    return List.of();
  }

  @Override
  default void close() {}
}
