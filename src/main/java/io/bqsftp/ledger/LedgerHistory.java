package io.bqsftp.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds append-only events into current state: events are in append order, and a later event of
 * the same run or file supersedes an earlier one. Shared by every ledger's queries.
 */
public final class LedgerHistory {
  private LedgerHistory() {}

  public static Optional<RunRecord> latestRun(List<RunRecord> events, String exportName, LocalDate runDate) {
    Map<String, RunRecord> latestPerRun = new LinkedHashMap<>();
    for (RunRecord event : events) {
      if (event.exportName().equals(exportName) && event.runDate().equals(runDate)) {
        RunRecord previous = latestPerRun.get(event.runId());
        if (previous == null || !event.eventTime().isBefore(previous.eventTime())) {
          latestPerRun.put(event.runId(), event);
        }
      }
    }
    // The most recently started run wins; ties (same instant) go to the later-appended run.
    RunRecord best = null;
    for (RunRecord run : latestPerRun.values()) {
      if (best == null || !run.startedAt().isBefore(best.startedAt())) {
        best = run;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Every run of one export folded to its latest event, most recently started first, with its files. */
  public static ExportHistory history(List<RunRecord> runEvents, List<FileRecord> fileEvents, String exportName) {
    Map<String, RunRecord> latestPerRun = new LinkedHashMap<>();
    for (RunRecord event : runEvents) {
      if (event.exportName().equals(exportName)) {
        RunRecord previous = latestPerRun.get(event.runId());
        if (previous == null || !event.eventTime().isBefore(previous.eventTime())) {
          latestPerRun.put(event.runId(), event);
        }
      }
    }
    List<RunRecord> runs = new ArrayList<>(latestPerRun.values());
    runs.sort(Comparator.comparing(RunRecord::startedAt).reversed());
    Map<String, List<FileRecord>> files = new LinkedHashMap<>();
    for (RunRecord run : runs) {
      files.put(run.runId(), files(fileEvents, run.runId()));
    }
    return new ExportHistory(exportName, runs, files);
  }

  public static List<FileRecord> files(List<FileRecord> events, String runId) {
    Map<String, FileRecord> latest = new LinkedHashMap<>();
    for (FileRecord event : events) {
      if (event.runId().equals(runId)) {
        FileRecord previous = latest.get(event.fileName());
        if (previous == null || !event.eventTime().isBefore(previous.eventTime())) {
          latest.put(event.fileName(), event);
        }
      }
    }
    List<FileRecord> files = new ArrayList<>(latest.values());
    files.sort(Comparator.comparing(FileRecord::fileName));
    return files;
  }
}
