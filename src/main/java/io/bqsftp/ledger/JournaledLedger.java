package io.bqsftp.ledger;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export history that is never lost: every event goes to a local {@link LedgerJournal} first
 * (fsynced) and is then delivered, in order, to the ledger proper (the BigQuery table, or the
 * ledger file), retried with backoff until it lands, also after a restart (the journal and its
 * cursor are files). Reads merge what the ledger holds with what the journal still holds, so
 * retry and verify see a run whose history has not reached BigQuery yet.
 */
public final class JournaledLedger implements Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(JournaledLedger.class);
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final Ledger target;
  private final String targetName;
  private final LedgerJournal journal;
  private final ReentrantLock delivering = new ReentrantLock();
  private final ScheduledExecutorService retries;
  private volatile String lastError;
  private volatile List<String> warnings = List.of();
  private Duration backoff = FIRST_BACKOFF;
  private boolean retryScheduled;

  /**
   * @param target where events belong
   * @param targetName how the target is named in messages ("BigQuery table p.d.t")
   * @param journalFile the local journal; its cursor is {@code journalFile + ".delivered"}
   */
  public JournaledLedger(Ledger target, String targetName, Path journalFile) {
    this.target = target;
    this.targetName = targetName;
    this.journal = new LedgerJournal(journalFile);
    this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bqsftp-ledger-journal");
      t.setDaemon(true);
      return t;
    });
    // What an earlier process journaled and could not deliver goes first.
    retries.execute(this::deliverQuietly);
  }

  @Override
  public void runStarted(LedgerEntry run) throws IOException {
    record(LedgerLine.of(run));
  }

  @Override
  public void fileRecorded(FileRecord file) throws IOException {
    record(LedgerLine.of(file));
  }

  @Override
  public void runFinished(LedgerEntry run) throws IOException {
    record(LedgerLine.of(run));
  }

  /**
   * Journals the event (a failure here is the only one a caller sees); delivery happens on the
   * journal's thread, so a slow or unreachable history table never holds up an export.
   */
  private void record(JsonObject event) throws IOException {
    journal.append(event);
    if (lastError == null) {
      try {
        retries.execute(this::deliverQuietly);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // Closing: the event stays journaled for the next start.
      }
    } else {
      scheduleRetry(); // failing: the background retry delivers in order
    }
  }

  /**
   * Waits up to {@code max} for what is journaled to reach the ledger proper (not at all while
   * deliveries are failing), then says whether anything is left only in the journal.
   */
  @Override
  public Optional<String> flush(Duration max) {
    if (lastError == null) {
      try {
        if (delivering.tryLock(max.toMillis(), TimeUnit.MILLISECONDS)) {
          try {
            deliver();
          } finally {
            delivering.unlock();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return deliveryProblem();
  }

  /**
   * Delivers every journaled event it can, now, on the calling thread. Returns what stopped it
   * (empty: nothing is left in the journal); the rest is retried in the background.
   */
  public Optional<String> deliver() {
    delivering.lock();
    Optional<AutoCloseable> right = Optional.empty();
    try {
      try {
        right = journal.tryDeliveryLock();
      } catch (IOException e) {
        return failed("cannot lock the journal " + journal.file() + " for delivery: " + e.getMessage());
      }
      if (right.isEmpty()) {
        // Another process on this disk delivers it; what it has not delivered stays readable here.
        return hasUndelivered() ? Optional.of("delivered by another process") : Optional.empty();
      }
      List<LedgerJournal.Entry> pending;
      try {
        pending = journal.pending();
      } catch (IOException e) {
        return failed("cannot read the journal " + journal.file() + ": " + e.getMessage());
      }
      for (LedgerJournal.Entry entry : pending) {
        try {
          send(entry.event());
          journal.deliveredThrough(entry.line() + 1);
        } catch (IOException | RuntimeException e) {
          return failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
      }
      if (lastError != null) {
        LOG.info("ledger journal: every journaled event reached the {}", targetName);
      }
      lastError = null;
      backoff = FIRST_BACKOFF;
      return Optional.empty();
    } finally {
      right.ifPresent(JournaledLedger::release);
      delivering.unlock();
    }
  }

  private static void release(AutoCloseable lock) {
    try {
      lock.close();
    } catch (Exception e) {
      LOG.debug("ledger journal: releasing the delivery lock failed: {}", e.toString());
    }
  }

  /** Whether events wait in the journal for the ledger proper. */
  public boolean hasUndelivered() {
    try {
      return journal.hasPending();
    } catch (IOException e) {
      return true;
    }
  }

  /** The last delivery failure while events wait, for the run's result. */
  public Optional<String> deliveryProblem() {
    return hasUndelivered()
        ? Optional.of("history is only journaled locally in " + journal.file() + ": not yet written to the "
            + targetName + " (" + Optional.ofNullable(lastError).orElse("delivery pending")
            + "); retried in the background until it lands")
        : Optional.empty();
  }

  private void deliverQuietly() {
    deliver();
  }

  private Optional<String> failed(String error) {
    if (!error.equals(lastError)) {
      LOG.warn("ledger journal: cannot deliver to the {} (kept in {}, retried in {} s): {}", targetName,
          journal.file(), backoff.toSeconds(), error);
    }
    lastError = error;
    scheduleRetry();
    return Optional.of(error);
  }

  private void scheduleRetry() {
    synchronized (this) {
      if (retryScheduled || retries.isShutdown()) {
        return;
      }
      retryScheduled = true;
      Duration wait = backoff;
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      try {
        retries.schedule(() -> {
          synchronized (this) {
            retryScheduled = false;
          }
          deliverQuietly();
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        retryScheduled = false; // closing: the events stay journaled for the next start
      }
    }
  }

  private void send(JsonObject event) throws IOException {
    switch (LedgerLine.kind(event)) {
      case LedgerLine.RUN -> {
        LedgerEntry run = LedgerEntry.fromJson(event);
        if (LedgerEntry.STARTED.equals(run.event())) {
          target.runStarted(run);
        } else {
          target.runFinished(run);
        }
      }
      case LedgerLine.FILE -> target.fileRecorded(FileRecord.fromJson(event));
      default -> LOG.warn("ledger journal: skipping an event of unknown kind");
    }
  }

  @Override
  public List<LedgerEntry> runEvents(String exportName) throws IOException {
    List<JsonObject> journaled = journaled(); // before the target: see journaled()
    List<LedgerEntry> events = new ArrayList<>(targetRuns(exportName));
    for (JsonObject event : journaled) {
      if (LedgerLine.RUN.equals(LedgerLine.kind(event)) && exportName.equals(event.getString("export_name"))) {
        events.add(LedgerEntry.fromJson(event));
      }
    }
    return events;
  }

  @Override
  public Optional<LedgerEntry> latestRun(String exportName, LocalDate runDate) throws IOException {
    return LedgerHistory.latestRun(runEvents(exportName), exportName, runDate);
  }

  @Override
  public ExportHistory history(String exportName) throws IOException {
    List<JsonObject> journaled = journaled();
    List<FileRecord> files = new ArrayList<>();
    try {
      target.history(exportName).filesByRun().values().forEach(files::addAll);
    } catch (IOException | RuntimeException e) {
      warn("the " + targetName + " could not be read (" + e.getMessage() + "): only the local journal was used");
    }
    for (JsonObject event : journaled) {
      if (LedgerLine.FILE.equals(LedgerLine.kind(event)) && exportName.equals(event.getString("export_name"))) {
        files.add(FileRecord.fromJson(event));
      }
    }
    return LedgerHistory.history(runEvents(exportName), files, exportName);
  }

  @Override
  public List<FileRecord> files(String runId) throws IOException {
    List<JsonObject> journaled = journaled();
    List<FileRecord> events = new ArrayList<>();
    try {
      events.addAll(target.files(runId));
    } catch (IOException | RuntimeException e) {
      warn("the " + targetName + " could not be read (" + e.getMessage() + "): only the local journal was used");
    }
    for (JsonObject event : journaled) {
      if (LedgerLine.FILE.equals(LedgerLine.kind(event)) && runId.equals(event.getString("export_id"))) {
        events.add(FileRecord.fromJson(event));
      }
    }
    return LedgerHistory.files(events, runId);
  }

  private List<LedgerEntry> targetRuns(String exportName) {
    warnings = new ArrayList<>();
    try {
      return target.runEvents(exportName);
    } catch (IOException | RuntimeException e) {
      warn("the " + targetName + " could not be read (" + e.getMessage() + "): only the local journal was used");
      return List.of();
    }
  }

  /**
   * Every event still in the journal. Read it BEFORE the ledger proper: delivery moves events from
   * the journal to the target (and empties the journal once all arrived), so reading the target
   * first could miss an event delivered in between. In this order an event is seen once or twice,
   * and the history folds duplicates (one latest event per run, per file).
   */
  private List<JsonObject> journaled() throws IOException {
    return journal.all();
  }

  private void warn(String warning) {
    List<String> now = new ArrayList<>(warnings);
    if (!now.contains(warning)) {
      now.add(warning);
    }
    warnings = List.copyOf(now);
  }

  @Override
  public List<String> readWarnings() {
    List<String> all = new ArrayList<>(target.readWarnings());
    all.addAll(warnings);
    deliveryProblem().ifPresent(all::add);
    return all;
  }

  /** Tries once more to deliver, then closes the target; undelivered events stay journaled. */
  @Override
  public void close() {
    retries.shutdownNow();
    try {
      // A delivery in progress finishes (or times out on the target) before the last attempt.
      retries.awaitTermination(70, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deliver();
    target.close();
  }
}
