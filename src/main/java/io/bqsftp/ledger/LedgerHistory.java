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

  /** The latest event of the run that names {@code triggerId} in any of its events, when it succeeded. */
  public static Optional<RunRecord> succeededRunFor(List<RunRecord> events, String triggerId) {
    java.util.Set<String> served = new java.util.HashSet<>();
    Map<String, RunRecord> latestPerRun = new LinkedHashMap<>();
    for (RunRecord event : events) {
      if (event.triggerIds().contains(triggerId)) {
        served.add(event.runId());
      }
      RunRecord previous = latestPerRun.get(event.runId());
      if (previous == null || !event.eventTime().isBefore(previous.eventTime())) {
        latestPerRun.put(event.runId(), event);
      }
    }
    return served.stream().map(latestPerRun::get)
        .filter(run -> run.status() == RunState.SUCCEEDED)
        .max(Comparator.comparing(RunRecord::eventTime));
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
