package io.bqsftp.ledger;

import io.bqsftp.contract.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Child-process main for {@link FileLedgerTest}: appends a run's events to the ledger file until it
 * is killed, printing "ready" once the first run is recorded. Big records make a kill mid-write
 * more likely.
 */
public final class LedgerAppender {
  public static void main(String[] args) throws Exception {
    var ledger = new FileLedger(Path.of(args[0]));
    String padding = "x".repeat(64 * 1024);
    for (int i = 0; ; i++) {
      Instant now = Instant.now();
      var run = new LedgerEntry("child-" + i, "child", LocalDate.of(2024, 6, 30), "p.d.t", "sftp://h/d",
          RunStatus.RUNNING, 0, now, Optional.empty(), Optional.empty(), Optional.empty(), LedgerEntry.STARTED, now);
      ledger.runStarted(run);
      ledger.fileRecorded(new FileRecord(run.runId(), "child", run.runDate(), "f" + i, 1, 2, "ab", FileState.LANDED,
          Optional.empty(), Optional.of(padding), Instant.now()));
      ledger.runFinished(run.next(LedgerEntry.FINISHED, RunStatus.SUCCEEDED, 1, Instant.now(), Optional.empty(),
          Optional.of(1)));
      if (i == 0) {
        System.out.println("ready");
        System.out.flush();
      }
    }
  }
}
