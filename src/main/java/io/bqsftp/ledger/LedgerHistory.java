package io.bqsftp.ledger;

import io.bqsftp.contract.RunStatus;
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

  /**
   * What a conflicting attempt's failure says (RunLock's message): the run never held the lock of
   * its export and date, so it wrote nothing and is not "the" run of that export and date.
   */
  public static final String CONFLICT_TEXT = "is being written by another run";

  /**
   * The latest event of the most recently started run of the export and date that held its lock:
   * attempts that failed because another run held it (409) are skipped, so verify and retry look
   * at the run that wrote the files.
   */
  public static Optional<LedgerEntry> latestRun(List<LedgerEntry> events, String exportName, LocalDate runDate) {
    Map<String, LedgerEntry> latestPerRun = new LinkedHashMap<>();
    java.util.Set<String> started = new java.util.HashSet<>();
    for (LedgerEntry event : events) {
      if (event.exportName().equals(exportName) && event.runDate().equals(runDate)) {
        if (LedgerEntry.STARTED.equals(event.event())) {
          started.add(event.runId());
        }
        LedgerEntry previous = latestPerRun.get(event.runId());
        if (previous == null || !event.eventTime().isBefore(previous.eventTime())) {
          latestPerRun.put(event.runId(), event);
        }
      }
    }
    // The most recently started run wins; ties (same instant) go to the later-appended run.
    LedgerEntry best = null;
    for (LedgerEntry run : latestPerRun.values()) {
      if (neverHeldTheLock(run, started.contains(run.runId()))) {
        continue;
      }
      if (best == null || !run.startedAt().isBefore(best.startedAt())) {
        best = run;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Every run of one export folded to its latest event, most recently started first, with its files. */
  public static ExportHistory history(List<LedgerEntry> runEvents, List<FileRecord> fileEvents, String exportName) {
    Map<String, LedgerEntry> latestPerRun = new LinkedHashMap<>();
    for (LedgerEntry event : runEvents) {
      if (event.exportName().equals(exportName)) {
        LedgerEntry previous = latestPerRun.get(event.runId());
        if (previous == null || !event.eventTime().isBefore(previous.eventTime())) {
          latestPerRun.put(event.runId(), event);
        }
      }
    }
    List<LedgerEntry> runs = new ArrayList<>(latestPerRun.values());
    runs.sort(Comparator.comparing(LedgerEntry::startedAt).reversed());
    Map<String, List<FileRecord>> files = new LinkedHashMap<>();
    for (LedgerEntry run : runs) {
      files.put(run.runId(), files(fileEvents, run.runId()));
    }
    return new ExportHistory(exportName, runs, files);
  }

  /** A failed attempt that met another run's lock, or failed without ever recording its start. */
  static boolean neverHeldTheLock(LedgerEntry latest, boolean started) {
    if (latest.status() != RunStatus.FAILED) {
      return false;
    }
    return latest.errorMessage().map(m -> m.contains(CONFLICT_TEXT)).orElse(false)
        || (!started && LedgerEntry.FINISHED.equals(latest.event()));
  }

  /** The latest event of the run that names {@code triggerId} in any of its events, when it succeeded. */
  public static Optional<LedgerEntry> succeededRunFor(List<LedgerEntry> events, String triggerId) {
    java.util.Set<String> served = new java.util.HashSet<>();
    Map<String, LedgerEntry> latestPerRun = new LinkedHashMap<>();
    for (LedgerEntry event : events) {
      if (event.triggerIds().contains(triggerId)) {
        served.add(event.runId());
      }
      LedgerEntry previous = latestPerRun.get(event.runId());
      if (previous == null || !event.eventTime().isBefore(previous.eventTime())) {
        latestPerRun.put(event.runId(), event);
      }
    }
    return served.stream().map(latestPerRun::get)
        .filter(run -> run.status() == RunStatus.SUCCEEDED)
        .max(Comparator.comparing(LedgerEntry::eventTime));
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
