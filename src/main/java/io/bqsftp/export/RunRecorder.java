package io.bqsftp.export;

import io.bqsftp.delivery.CommitJournal;
import io.bqsftp.delivery.PartDelivery;
import io.bqsftp.delivery.PartOutcome;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunTriggers;
import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import io.bqsftp.ledger.Ledger;
import io.bqsftp.ledger.LedgerEntry;
import io.bqsftp.contract.RunStatus;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one run's history to the ledger: started, each part's outcome, finished. A ledger that
 * cannot be written does not undo files already delivered, so failures are logged and reported in
 * the run's result ({@code ledger_error}) instead of failing the export.
 */
final class RunRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

  /** How long a run's end waits for its history to reach the table before saying it is only journaled. */
  static final java.time.Duration HISTORY_FLUSH = java.time.Duration.ofSeconds(10);

  private final Ledger ledger;
  private final Clock clock;
  private final LedgerEntry started;
  private final String destinationUri;
  private final RunTriggers triggers;
  private volatile String error;
  private volatile boolean recording;

  RunRecorder(Ledger ledger, Clock clock, RunPlan plan, String destinationUri) {
    this.ledger = ledger;
    this.clock = clock;
    this.destinationUri = destinationUri;
    this.triggers = plan.triggers();
    var now = clock.instant();
    this.started = new LedgerEntry(plan.runId(), plan.export().name(), plan.runDate(), plan.export().sourceTable(),
        destinationUri, RunStatus.RUNNING, 0, now, Optional.empty(), Optional.empty(), Optional.empty(),
        LedgerEntry.STARTED, now);
  }

  java.time.Instant startedAt() {
    return started.startedAt();
  }

  /** Recorded once the run holds the lock: a run refused with a conflict never enters the history. */
  void started() {
    recording = true;
    write(() -> ledger.runStarted(started.withTriggerIds(triggers.list())), "run start");
  }

  String destinationUri() {
    return destinationUri;
  }

  void part(PartOutcome part) {
    var state = switch (part.state()) {
      case LANDED -> FileState.LANDED;
      case SEALED -> FileState.SEALED;
      case NOT_LANDED -> part.stagedUri().isPresent() ? FileState.STAGED : FileState.FAILED;
      case SKIPPED -> FileState.SKIPPED;
    };
    Optional<String> where = part.sealed() ? Optional.of(destinationUri + "/" + part.tempName()) : part.stagedUri();
    var record = new FileRecord(started.runId(), started.exportName(), started.runDate(), part.name(), part.rows(),
        part.bytes(), part.sha256(), state, where, part.error(), clock.instant());
    write(() -> ledger.fileRecorded(record), "file " + part.name());
  }

  /** @param fileCount the number of parts, when every row was read; empty when the run broke off */
  void finished(RunStatus state, long rows, Optional<String> errorMessage, Optional<Integer> fileCount) {
    if (!recording) {
      return;
    }
    // Requests that joined while the run ran are served by it too.
    var record = started.next(LedgerEntry.FINISHED, state, rows, clock.instant(), errorMessage, fileCount)
        .withTriggerIds(triggers.list());
    write(() -> ledger.runFinished(record), "run end");
    // Journaled but not (yet) in the history table: the result says so.
    Optional<String> journaledOnly = ledger.flush(HISTORY_FLUSH);
    if (error == null) {
      error = journaledOnly.orElse(null);
    }
  }

  /**
   * Records that {@code journal}'s run, which died during its commit, now has its set visible:
   * each file landed and the run succeeded (event {@code committed}).
   */
  void rolledForward(CommitJournal journal) {
    journal.recordCommitted(ledger, clock, started.runId(), LedgerEntry.COMMITTED);
  }

  /** The first ledger failure of this run, if any. */
  Optional<String> error() {
    return Optional.ofNullable(error);
  }

  private interface LedgerWrite {
    void run() throws IOException;
  }

  private void write(LedgerWrite write, String what) {
    try {
      write.run();
    } catch (IOException | RuntimeException e) {
      LOG.error("run {}: cannot record the {} in the ledger: {}", started.runId(), what, e.toString());
      if (error == null) {
        error = "ledger: cannot record the " + what + ": " + PartDelivery.text(e);
      }
    }
  }
}
