package io.bqsftp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Fault matrix, the partner's disk: it fills up part-way through a re-run (a small tmpfs mounted by
 * {@code .ci/start-sshd-variants.sh}), or the upload folder is made read-only. The re-run fails,
 * the partner still sees the previous complete set, and once there is room again the next run lands.
 */
class PartnerDiskTest extends MatrixCase {
  Path filler;

  @AfterEach
  void cleanUp() throws Exception {
    if (filler != null) {
      Files.deleteIfExists(filler);
    }
    if (rig != null) {
      Files.setPosixFilePermissions(rig.folder().path(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void diskFillsUpPartWay() throws Exception {
    String full = System.getenv("SFTP_IT_FULL_DIRECTORY");
    Assumptions.assumeTrue(full != null && !full.isBlank(),
        "no small disk to fill: run .ci/start-sshd-variants.sh (as root) and source its env file");
    rig = FaultRig.create(dir, "partner disk full part-way", servers.table, servers.endpoint(), recorder, full);
    Path config = rig.writeConfig();
    Path twoStreams = rig.writeConfig("streams2", c -> c.getJsonObject("bigquery").put("max_streams", 2));
    rig.runInProcess(config);
    Snapshot first = rig.observeComplete("after the first run", config);
    long setBytes = first.files().values().stream().mapToLong(Snapshot.Entry::bytes).sum();

    // Leave room for about half of a new set.
    Path disk = FaultRig.CHROOT.resolve(full.substring(1));
    FileStore store = Files.getFileStore(disk);
    long room = setBytes / 2;
    assertThat(store.getUsableSpace()).as("the small disk holds two sets and more").isGreaterThan(2 * setBytes + room);
    filler = disk.resolve("filler-" + ProcessHandle.current().pid());
    fill(filler, store.getUsableSpace() - room);

    var failed = rig.run("run2-disk-full", twoStreams, 1);
    assertThat(failed.getString("status")).isEqualTo("failed");
    rig.observeStopped("after the re-run ran out of disk");
    rig.assertPreviousSetVisible(rig.folder().snapshot(), "after the re-run ran out of disk");

    Files.delete(filler);
    filler = null;
    rig.run("run3", config, 0);
    rig.observeComplete("after the next run, with room again", config);
  }

  @Test
  void uploadFolderMadeReadOnly() throws Exception {
    rig = FaultRig.create(dir, "upload folder read-only (chmod 555)", servers.table, servers.endpoint(), recorder);
    Path config = rig.writeConfig();
    Path twoStreams = rig.writeConfig("streams2", c -> c.getJsonObject("bigquery").put("max_streams", 2));
    rig.runInProcess(config);
    rig.observeComplete("after the first run", config);

    Files.setPosixFilePermissions(rig.folder().path(), PosixFilePermissions.fromString("r-xr-xr-x"));
    var failed = rig.run("run2-read-only", twoStreams, 1);
    assertThat(failed.getString("status")).isEqualTo("failed");
    rig.observeStopped("after the re-run met a read-only folder");
    rig.assertPreviousSetVisible(rig.folder().snapshot(), "after the re-run met a read-only folder");

    Files.setPosixFilePermissions(rig.folder().path(), PosixFilePermissions.fromString("rwxr-xr-x"));
    rig.run("run3", twoStreams, 0);
    rig.observeComplete("after the next run, writable again", twoStreams);
  }

  private static void fill(Path file, long bytes) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }
}
