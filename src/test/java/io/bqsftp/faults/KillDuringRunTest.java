package io.bqsftp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fault matrix: the exporting process is killed with SIGKILL at a named point of a re-run (while
 * uploading, in the middle of the commit's renames, after the set is published but before the
 * history write); then the next run or {@code retry} finishes the job. The re-runs read with a
 * different number of streams than the first run, so their rows fall into parts differently and a
 * mix of two runs' parts would show as lost or duplicated rows.
 */
class KillDuringRunTest extends MatrixCase {
  static final Duration HALT_TIMEOUT = Duration.ofSeconds(60);

  Path threeStreams;
  Path twoStreams;

  private void rig(String scenario) throws Exception {
    rig = FaultRig.create(dir, scenario, servers.table, servers.endpoint(), recorder);
    threeStreams = rig.writeConfig("streams3", c -> c.getJsonObject("bigquery").put("max_streams", 3));
    twoStreams = rig.writeConfig("streams2", c -> c.getJsonObject("bigquery").put("max_streams", 2));
  }

  /** The first run lands a complete set; a re-run is killed at {@code faultPoint}; returns what was seen halted. */
  private Snapshot killRerunAt(String faultPoint) throws Exception {
    rig.runInProcess(threeStreams);
    rig.observeComplete("after the first run", threeStreams);

    ChildJvm rerun = rig.startRun("run2-killed", twoStreams, faultPoint);
    String name = faultPoint.contains(":") ? faultPoint.replace(':', ' ') : faultPoint + " 1";
    rerun.awaitStderr("FAULT_POINT " + name, HALT_TIMEOUT);
    Snapshot halted = rig.observeStopped("while the re-run halts at " + faultPoint);
    rerun.kill();
    rig.observeStopped("after the re-run was killed at " + faultPoint);
    rig.waitOutKilledRunsLock();
    return halted;
  }

  @Test
  void killedWhileUploadingLeavesThePreviousSetThenTheNextRunReplacesIt() throws Exception {
    rig("SIGKILL during upload (part.sealed:2), next run");
    killRerunAt("part.sealed:2");
    rig.assertPreviousSetVisible(rig.folder().snapshot(), "after the kill during upload");

    rig.run("run3", threeStreams, 0);
    rig.observeComplete("after the next run", threeStreams);
  }

  @Test
  void killedInTheMiddleOfTheRenamesIsRolledForwardByTheNextRun() throws Exception {
    rig("SIGKILL during commit (commit.renamed:2), next run");
    Snapshot halfRenamed = killRerunAt("commit.renamed:2");
    // The check would catch a mix: two new parts among old ones lose or repeat rows, since the
    // re-run spread rows over parts differently. Only the absent marker makes this view legal.
    RowTally mixed = halfRenamed.tally(servers.table.rowCount());
    assertThat(mixed.lost() + mixed.duplicated()).as("rows of a half-renamed set %s", halfRenamed.visible()).isPositive();
    assertThat(FaultRig.marker(halfRenamed)).isEmpty();

    rig.run("run3", threeStreams, 0);
    rig.observeComplete("after the next run", threeStreams);
  }

  @Test
  void killedInTheMiddleOfTheRenamesIsRolledForwardByRetry() throws Exception {
    rig("SIGKILL during commit (commit.renamed:2), retry");
    killRerunAt("commit.renamed:2");

    rig.retry("retry", threeStreams, 0);
    rig.observeComplete("after retry", threeStreams);
  }

  @Test
  void killedAfterPublishingBeforeTheHistoryWriteLeavesACompleteSet() throws Exception {
    rig("SIGKILL after publish, before history (commit.published), next run");
    killRerunAt("commit.published");
    rig.observePublished("after the kill between publish and history write");

    rig.run("run3", twoStreams, 0);
    rig.observeComplete("after the next run", twoStreams);
  }

  @Test
  void killedDuringTheFirstCommitThenRetried() throws Exception {
    rig("SIGKILL during first commit (commit.renamed:2), retry");
    rig.removeFolder(); // the first run ever: the export's folder does not exist yet
    ChildJvm first = rig.startRun("run1-killed", threeStreams, "commit.renamed:2");
    first.awaitStderr("FAULT_POINT commit.renamed 2", HALT_TIMEOUT);
    rig.observeStopped("while the first run halts in its commit");
    first.kill();
    rig.observeStopped("after the first run was killed in its commit");
    rig.waitOutKilledRunsLock();

    rig.retry("retry", twoStreams, 0);
    rig.observeComplete("after retry", twoStreams);
  }
}
