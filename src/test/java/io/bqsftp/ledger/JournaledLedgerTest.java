package io.bqsftp.ledger;

import io.bqsftp.contract.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal in front of the ledger, with a real ledger file as the target that cannot be written
 * for a while (its folder is a file): events are journaled, readable at once, delivered in order
 * once the target works, and survive a restart in between.
 */
class JournaledLedgerTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);
  static final Instant T0 = Instant.parse("2024-06-30T06:00:00Z");

  @TempDir Path dir;

  /** A ledger file under {@code blocked/}, which is a plain file until the test removes it. */
  private Path blockedTarget() throws Exception {
    Files.writeString(dir.resolve("blocked"), "not a folder");
    return dir.resolve("blocked/exports.jsonl");
  }

  private static LedgerEntry started(String runId) {
    return FileLedgerTest.started(runId, T0).withTriggerIds(List.of("m1"));
  }

  @Test
  void eventsTheTargetRefusesAreJournaledReadableAndDeliveredInOrderAfterARestart() throws Exception {
    Path target = blockedTarget();
    Path journalFile = dir.resolve("journal/journal.jsonl");
    LedgerEntry run = started("r1");
    var first = new JournaledLedger(new FileLedger(target), "ledger file", journalFile);
    first.runStarted(run);
    first.fileRecorded(FileLedgerTest.file("r1", "a", FileState.LANDED, T0.plusSeconds(1)));
    first.runFinished(run.next(LedgerEntry.FINISHED, RunStatus.SUCCEEDED, 10, T0.plusSeconds(2), Optional.empty(),
        Optional.of(1)));

    // Nothing reached the target, the run's history says so, and the history is readable anyway.
    assertThat(first.flush(java.time.Duration.ofSeconds(10))).isPresent();
    assertThat(first.hasUndelivered()).isTrue();
    assertThat(first.deliveryProblem()).hasValueSatisfying(p -> assertThat(p)
        .contains("only journaled locally").contains(journalFile.toString()).contains("ledger file"));
    assertThat(first.latestRun("sales", DATE)).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.triggerIds()).containsExactly("m1");
    });
    assertThat(first.files("r1")).extracting(FileRecord::fileName).containsExactly("a");
    assertThat(first.succeededRunFor("sales", "m1")).isPresent();
    first.close(); // the process stops; its events stay journaled

    Files.delete(dir.resolve("blocked")); // the target works again
    var second = new JournaledLedger(new FileLedger(target), "ledger file", journalFile);
    assertThat(second.deliver()).isEmpty();
    assertThat(second.hasUndelivered()).isFalse();
    // In the target, in the order they happened, once each.
    var contents = new FileLedger(target).read();
    assertThat(contents.runs()).extracting(LedgerEntry::event).containsExactly(LedgerEntry.STARTED, LedgerEntry.FINISHED);
    assertThat(contents.files()).extracting(FileRecord::fileName).containsExactly("a");
    assertThat(Files.size(journalFile)).as("a delivered journal is emptied").isZero();
    second.close();
  }

  @Test
  void aWorkingTargetGetsEachEventAtOnce() throws Exception {
    Path target = dir.resolve("l/exports.jsonl");
    var ledger = new JournaledLedger(new FileLedger(target), "ledger file", dir.resolve("l/journal.jsonl"));
    ledger.runStarted(started("r2"));
    assertThat(ledger.flush(java.time.Duration.ofSeconds(10))).isEmpty();
    assertThat(new FileLedger(target).read().runs()).hasSize(1);
    assertThat(ledger.latestRun("sales", DATE)).isPresent();
    ledger.close();
  }

  /**
   * The journal empties itself once everything reached the target. An event delivered after the
   * target was read but before the journal was must still be seen: it was, before the fix, in
   * neither (a retry then took a finished commit for "already succeeded", and a redelivered
   * Pub/Sub message could have found no succeeded run for its id).
   */
  @Test
  void anEventDeliveredWhileTheHistoryIsReadIsStillSeen() throws Exception {
    Path target = blockedTarget();
    var readThenDeliver = new ReadsThen(new FileLedger(target));
    var ledger = new JournaledLedger(readThenDeliver, "ledger file", dir.resolve("journal/journal.jsonl"));
    LedgerEntry run = started("r1");
    ledger.runStarted(run);
    ledger.runFinished(run.next(LedgerEntry.FINISHED, RunStatus.SUCCEEDED, 10, T0.plusSeconds(2), Optional.empty(),
        Optional.of(1)));
    assertThat(ledger.hasUndelivered()).isTrue();

    // Right after the target is read, the target works again and the journal is delivered (and emptied).
    readThenDeliver.afterRead = () -> {
      readThenDeliver.afterRead = () -> {};
      try {
        Files.delete(dir.resolve("blocked"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(ledger.deliver()).isEmpty();
    };
    assertThat(ledger.latestRun("sales", DATE)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
    assertThat(ledger.hasUndelivered()).isFalse();
    assertThat(ledger.succeededRunFor("sales", "m1")).isPresent();
    ledger.close();
  }

  /** A real ledger file whose run reads are followed by {@link #afterRead}. */
  private static final class ReadsThen implements Ledger {
    private final FileLedger file;
    private volatile Runnable afterRead = () -> {};

    ReadsThen(FileLedger file) {
      this.file = file;
    }

    @Override
    public List<LedgerEntry> runEvents(String exportName) throws java.io.IOException {
      try {
        return file.runEvents(exportName);
      } finally {
        afterRead.run();
      }
    }

    @Override
    public void runStarted(LedgerEntry run) throws java.io.IOException {
      file.runStarted(run);
    }

    @Override
    public void fileRecorded(FileRecord record) throws java.io.IOException {
      file.fileRecorded(record);
    }

    @Override
    public void runFinished(LedgerEntry run) throws java.io.IOException {
      file.runFinished(run);
    }

    @Override
    public Optional<LedgerEntry> latestRun(String exportName, LocalDate runDate) throws java.io.IOException {
      return file.latestRun(exportName, runDate);
    }

    @Override
    public List<FileRecord> files(String runId) throws java.io.IOException {
      return file.files(runId);
    }

    @Override
    public ExportHistory history(String exportName) throws java.io.IOException {
      return file.history(exportName);
    }
  }
}
