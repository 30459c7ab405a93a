package io.bqsftp.ledger;

import io.bqsftp.config.BigQueryConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Placeholder while the Storage Write API ledger is built. */
public final class BigQueryLedger implements Ledger {
  public static BigQueryLedger create(String table, BigQueryConfig bigquery) throws IOException {
    throw new IOException("BigQuery ledger not available yet");
  }

  @Override public void runStarted(RunRecord run) {}
  @Override public void fileRecorded(FileRecord file) {}
  @Override public void runFinished(RunRecord run) {}
  @Override public Optional<RunRecord> latestRun(String exportName, LocalDate runDate) { return Optional.empty(); }
  @Override public List<FileRecord> files(String runId) { return List.of(); }
}
