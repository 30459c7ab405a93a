package io.bqsftp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.ChildJvm;
import io.bqsftp.support.Poll;
import io.bqsftp.support.Signals;
import io.bqsftp.support.SshdSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Fault matrix, the SFTP server's side: the sshd session processes serving a re-run are stopped
 * (SIGSTOP) for longer than every timeout and then continued, or killed; and a server whose sftp
 * subsystem refuses SETSTAT. Whatever the re-run does, the partner sees the previous set or the
 * new one, never a mix, and the next run leaves a clean, complete set.
 */
class SshdFaultTest extends MatrixCase {
  static final Duration READ_DELAY = Duration.ofMillis(120);


  private SshdSessions sessions() throws Exception {
    Assumptions.assumeTrue(SshdSessions.available(), "ss (iproute2) is needed to find sshd's session processes");
    return SshdSessions.fromPidFile(Path.of(System.getenv().getOrDefault("SFTP_IT_SSHD_PID_FILE", "/srv/bq-sftp-it/state/sshd.pid")),
        Integer.parseInt(System.getenv("SFTP_IT_PORT")));
  }

  /** First run lands; the re-run is started slow and returned once it is uploading temp parts. */
  private ChildJvm rerunCaughtUploading(Path config) throws Exception {
    rig.runInProcess(config);
    rig.observeComplete("after the first run", config);
    servers.bigquery.setReadDelay(READ_DELAY);
    Path twoStreams = rig.writeConfig("streams2", c -> c.getJsonObject("bigquery").put("max_streams", 2));
    ChildJvm rerun = rig.startRun("run2", twoStreams, null);
    Poll.until("the re-run to upload a temp part", Duration.ofSeconds(60), rerun,
        () -> rig.folder().snapshot().hidden().stream().anyMatch(n -> n.endsWith(".part")));
    return rerun;
  }

  /** After the faulted re-run ended (either way), the folder is consistent and the next run lands. */
  private void rerunEndedThenNextRunLands(ChildJvm rerun, Path config) throws Exception {
    int exit = rerun.awaitExit(FaultRig.RUN_TIMEOUT);
    System.err.printf("%s: the faulted re-run %s%n", rig.scenario(), exit == 0 ? "landed" : "failed");
    assertThat(exit).as("the re-run succeeds or fails, it does not hang\n%s", rerun.output()).isIn(0, 1);
    if (exit == 0) {
      rig.observeComplete("after the re-run that outlived the fault", config);
    } else {
      rig.observeStopped("after the re-run failed");
      rig.assertPreviousSetVisible(rig.folder().snapshot(), "after the re-run failed");
    }
    rig.run("run3", config, 0);
    rig.observeComplete("after the next run", config);
  }

  @Test
  void sessionStoppedLongerThanTheTimeoutsThenContinued() throws Exception {
    rig = FaultRig.create(dir, "sshd session SIGSTOP 5 s, then SIGCONT", servers.table, servers.endpoint(), recorder);
    Path config = rig.writeConfig();
    SshdSessions sshd = sessions();
    ChildJvm rerun = rerunCaughtUploading(config);
    List<SshdSessions.Session> stopped = sshd.of(rerun.pid());
    assertThat(stopped).as("sshd sessions of the re-run").isNotEmpty();
    try {
      for (var session : stopped) {
        for (long pid : session.pids()) {
          Signals.stop(pid);
        }
      }
      // Longer than sftp.timeout_seconds and lock.stale_after_seconds (3 s each).
      for (int i = 0; i < 5; i++) {
        Thread.sleep(1000);
        rig.observeStopped("while sshd's sessions are stopped");
      }
    } finally {
      for (var session : stopped) {
        for (long pid : session.pids()) {
          Signals.resume(pid);
        }
      }
    }
    rerunEndedThenNextRunLands(rerun, config);
  }

  @Test
  void sessionKilledMidUpload() throws Exception {
    rig = FaultRig.create(dir, "sshd session SIGKILL mid-upload", servers.table, servers.endpoint(), recorder);
    Path config = rig.writeConfig();
    SshdSessions sshd = sessions();
    ChildJvm rerun = rerunCaughtUploading(config);
    List<SshdSessions.Session> sessions = sshd.of(rerun.pid());
    assertThat(sessions).as("sshd sessions of the re-run").isNotEmpty();
    for (var session : sessions) {
      Signals.kill(session.root().pid());
    }
    rig.observeStopped("right after sshd's sessions were killed");
    rerunEndedThenNextRunLands(rerun, config);
  }

  @Test
  void serverRefusingSetstat() throws Exception {
    String port = System.getenv("SFTP_IT_NOSETSTAT_PORT");
    Assumptions.assumeTrue(port != null, "no sshd refusing SETSTAT: run .ci/start-sshd-variants.sh and source its env file");
    rig = FaultRig.create(dir, "sftp server refusing SETSTAT/FSETSTAT", servers.table, servers.endpoint(), recorder);
    Path config = rig.writeConfig("nosetstat", c -> noSetstatServer(c, port));
    Path twoStreams = rig.writeConfig("nosetstat2", c -> {
      noSetstatServer(c, port);
      c.getJsonObject("bigquery").put("max_streams", 2);
    });

    rig.runInProcess(config);
    rig.observeComplete("after the first run", config);
    rig.run("run2", twoStreams, 0);
    rig.observeComplete("after the re-run", twoStreams);
  }

  private static void noSetstatServer(io.vertx.core.json.JsonObject config, String port) {
    config.getJsonObject("sftp")
        .put("port", Integer.parseInt(port))
        .put("known_hosts_file", System.getenv("SFTP_IT_NOSETSTAT_KNOWN_HOSTS"));
  }
}
