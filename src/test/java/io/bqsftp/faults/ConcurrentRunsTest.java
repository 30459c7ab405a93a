package io.bqsftp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.ChildJvm;
import io.bqsftp.support.Poll;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fault matrix, one writer at a time: two or three {@code run} processes for the same export and
 * date started together, on a clean folder or over the stale lock of a killed run; exactly one
 * writes, the others end with the conflict status. And a run longer than the stale limit keeps its
 * lock fresh, so a run started in the middle of it gets the conflict instead of taking over.
 */
class ConcurrentRunsTest extends MatrixCase {
  @ParameterizedTest(name = "{0} runs together, stale lock of a killed run: {1}")
  @CsvSource({"2, false", "3, false", "2, true", "3, true"})
  void runsStartedTogetherOneWrites(int processes, boolean staleLock) throws Exception {
    rig = FaultRig.create(dir, processes + " runs started together" + (staleLock ? " over a stale lock of a killed run" : ""),
        servers.table, servers.endpoint(), recorder);
    Path config = rig.writeConfig();
    if (staleLock) {
      ChildJvm killed = rig.startRun("killed", config, "part.sealed:1");
      killed.awaitStderr("FAULT_POINT part.sealed 1", Duration.ofSeconds(60));
      killed.kill();
      rig.observeStopped("after the first run was killed");
      assertThat(rig.locks()).as("the killed run's lock").isNotEmpty();
      rig.waitOutKilledRunsLock();
    }
    // Slow reads: every run lasts seconds, so that all of them overlap.
    servers.bigquery.setReadDelay(Duration.ofMillis(300));
    List<ChildJvm> runs = new ArrayList<>();
    for (int i = 1; i <= processes; i++) {
      runs.add(rig.startRun("run" + i, config, null));
    }
    List<JsonObject> summaries = new ArrayList<>();
    List<Integer> exits = new ArrayList<>();
    for (ChildJvm run : runs) {
      exits.add(run.awaitExit(FaultRig.RUN_TIMEOUT));
      summaries.add(FaultRig.summary(run));
    }

    assertThat(exits).as("exit codes: one lands (0), the others are refused (2)\n%s", summaries)
        .containsOnly(0, 2).containsOnlyOnce(0);
    JsonObject winner = summaries.get(exits.indexOf(0));
    assertThat(winner.getString("status")).isEqualTo("succeeded");
    for (int i = 0; i < runs.size(); i++) {
      if (exits.get(i) == 2) {
        assertThat(summaries.get(i).getString("failed_stage")).as(runs.get(i).output()).isEqualTo("conflict");
        assertThat(summaries.get(i).getString("run_id")).isNotEqualTo(winner.getString("run_id"));
      }
    }
    assertThat(rig.succeededRuns()).as("runs the ledger records as succeeded").containsExactly(winner.getString("run_id"));
    assertThat(rig.runsWithFiles()).as("runs that recorded files").containsExactly(winner.getString("run_id"));
    rig.observeComplete("after the runs started together", config);
  }

  @Test
  void lockStaysFreshThroughARunLongerThanTheStaleLimit() throws Exception {
    rig = FaultRig.create(dir, "run longer than the stale limit, one connection; second run mid-way",
        servers.table, servers.endpoint(), recorder);
    Path config = rig.writeConfig("slow", c -> {
      c.getJsonObject("sftp").put("max_connections", 1);
      c.getJsonObject("bigquery").put("max_streams", 1);
    });
    // 40 batches at 250 ms: a run of about 10 s, over three times lock.stale_after_seconds, leaving
    // the second process's JVM start seconds to spare.
    servers.bigquery.setReadDelay(Duration.ofMillis(250));
    ChildJvm first = rig.startRun("long-run", config, null);
    Poll.until("the long run to take its lock", Duration.ofSeconds(60), first, () -> !rig.locks().isEmpty());
    Thread.sleep(4_000); // past lock.stale_after_seconds (3 s) since the lock was taken
    assertThat(first.isAlive()).as("the long run is still running\n%s", first.output()).isTrue();

    ChildJvm second = rig.startRun("mid-way-run", config, null);
    int secondExit = second.awaitExit(FaultRig.RUN_TIMEOUT);
    boolean firstStillRunning = first.isAlive();
    JsonObject refused = FaultRig.summary(second);
    assertThat(secondExit).as("the mid-way run is refused\n%s", second.output()).isEqualTo(2);
    assertThat(refused.getString("failed_stage")).isEqualTo("conflict");
    assertThat(firstStillRunning).as("the refusal came while the long run was still running").isTrue();

    assertThat(first.awaitExit(FaultRig.RUN_TIMEOUT)).as(first.output()).isZero();
    JsonObject landed = FaultRig.summary(first);
    assertThat(rig.succeededRuns()).containsExactly(landed.getString("run_id"));
    rig.observeComplete("after the long run", config);
  }
}
