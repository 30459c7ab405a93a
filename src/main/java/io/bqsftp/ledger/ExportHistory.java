package io.bqsftp.ledger;

import io.bqsftp.contract.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the ledger knows about one export: each run's latest event, most recently started first,
 * and each run's files (latest event of each, in file name order).
 */
public record ExportHistory(String exportName, List<LedgerEntry> runs, Map<String, List<FileRecord>> filesByRun) {

  public ExportHistory {
    runs = List.copyOf(runs);
    filesByRun = Map.copyOf(filesByRun);
  }

  public List<FileRecord> files(String runId) {
    return filesByRun.getOrDefault(runId, List.of());
  }

  /** The most recently started run that ended in {@code state}. */
  public Optional<LedgerEntry> lastWith(RunStatus state) {
    return runs.stream().filter(r -> r.status() == state).findFirst();
  }
}
