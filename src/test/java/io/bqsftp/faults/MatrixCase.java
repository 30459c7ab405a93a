package io.bqsftp.faults;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every fault-matrix class shares: the servers (started once per class, skipped without the
 * tier-2 environment), the recorder of each case's counts, a temp folder and the case's rig.
 */
abstract class MatrixCase {
  static MatrixServers servers;

  @RegisterExtension final MatrixRecorder recorder = new MatrixRecorder();
  @TempDir Path dir;
  FaultRig rig;

  @BeforeAll
  static void startServers() throws Exception {
    FaultRig.assumeTier2();
    servers = MatrixServers.start();
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (servers != null) {
      servers.close();
      servers = null;
    }
  }

  /** Runs after a subclass's own clean-up (which may still need the rig's folder). */
  @AfterEach
  void closeRig() throws Exception {
    if (servers != null) {
      servers.bigquery.setReadDelay(Duration.ZERO);
    }
    if (rig != null) {
      rig.close();
    }
  }
}
