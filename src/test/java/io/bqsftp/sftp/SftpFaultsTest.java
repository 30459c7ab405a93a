package io.bqsftp.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.local.EmbeddedSftpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server failures surface as IOException and never leave a file under its final name. */
class SftpFaultsTest {
  @TempDir Path root;
  private EmbeddedSftpServer server;
  private SftpConnectionPool pool;
  private RemoteFolder uploader;

  @BeforeEach
  void start() throws Exception {
    server = new EmbeddedSftpServer().start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
    pool = new SftpConnectionPool(SftpTestSupport.config(server).build());
    uploader = new RemoteFolder(pool, "/out");
  }

  @AfterEach
  void stop() {
    pool.close();
    server.close();
  }

  private boolean finalFileExists(String name) {
    return Files.exists(root.resolve("out").resolve(name));
  }

  private long tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("out"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".part")).count();
    }
  }

  /** Writes then commits; the failure may show on a write or on commit. */
  private void uploadExpectingFailure(String name, byte[] data) {
    assertThatThrownBy(() -> {
      try (RemoteFileUpload upload = uploader.open(name)) {
        upload.output().write(data);
        upload.commit();
      }
    }).isInstanceOf(IOException.class);
  }

  private void uploadOk(String name, byte[] data) throws IOException {
    try (RemoteFileUpload upload = uploader.open(name)) {
      upload.output().write(data);
      assertThat(upload.commit()).isEqualTo(data.length);
    }
  }

  @Test
  void connectionDroppedMidFileFailsWithoutFinalFileAndPoolRecovers() throws Exception {
    uploadOk("warmup.csv", new byte[10]); // leaves an idle pooled connection behind
    server.dropSessionsAfterBytes(1_000_000);
    uploadExpectingFailure("dropped.csv", RemoteFolderTest.randomBytes(4_000_000, 3));
    assertThat(server.sessionDrops()).isEqualTo(1);
    assertThat(finalFileExists("dropped.csv")).isFalse();
    // The broken connection was discarded; the temp file it left was removed over a fresh one.
    assertThat(pool.openConnections()).isEqualTo(1);
    try (var names = Files.list(root.resolve("out"))) {
      assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("dropped.csv"));
    }

    // The next upload opens a fresh connection and works.
    byte[] data = RemoteFolderTest.randomBytes(2_000_000, 4);
    uploadOk("after.csv", data);
    assertThat(Files.readAllBytes(root.resolve("out/after.csv"))).isEqualTo(data);
  }

  @Test
  void idleConnectionKilledByServerRestartIsReplacedTransparently(@TempDir Path state)
      throws Exception {
    // Restart with a persisted host key so the pool's pinned fingerprint stays valid.
    pool.close();
    server.close();
    Path hostKey = state.resolve("host-key");
    server = new EmbeddedSftpServer().hostKeyFile(hostKey)
        .start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
    int port = server.port();
    pool = new SftpConnectionPool(SftpTestSupport.config(server).build());
    uploader = new RemoteFolder(pool, "/out");
    uploadOk("one.csv", new byte[10]);
    assertThat(pool.idleConnections()).isEqualTo(1);

    server.stop(); // kills the pooled connection's session
    server = new EmbeddedSftpServer().hostKeyFile(hostKey).port(port)
        .start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
    uploadOk("two.csv", new byte[10]);
    assertThat(pool.openConnections()).isEqualTo(1);
  }

  @Test
  void refusedRenameFailsRemovesTempAndLeavesNoFinalFile() throws Exception {
    server.refuseRenames(true);
    uploadExpectingFailure("refused.csv", RemoteFolderTest.randomBytes(300_000, 5));
    assertThat(finalFileExists("refused.csv")).isFalse();
    assertThat(tempFiles()).isZero();
    // A server-side refusal does not break the connection: it is reused.
    assertThat(pool.idleConnections()).isEqualTo(1);
    server.refuseRenames(false);
    uploadOk("refused.csv", new byte[5]);
    assertThat(server.maxConcurrentSessions()).isEqualTo(1);
  }

  @Test
  void refusedRenameKeepsExistingFinalFileUntouched() throws Exception {
    uploadOk("keep.csv", "old".getBytes());
    server.refuseRenames(true);
    uploadExpectingFailure("keep.csv", "new content".getBytes());
    assertThat(Files.readString(root.resolve("out/keep.csv"))).isEqualTo("old");
  }

  @Test
  void refusedWritesFailAndLeaveNoFinalFile() throws Exception {
    server.refuseWrites(true);
    uploadExpectingFailure("nowrite.csv", RemoteFolderTest.randomBytes(500_000, 6));
    assertThat(finalFileExists("nowrite.csv")).isFalse();
    assertThat(tempFiles()).isZero();
  }

  @Test
  void writesAfterAFailureAreRejected() throws Exception {
    server.refuseWrites(true);
    RemoteFileUpload upload = uploader.open("x.csv");
    byte[] chunk = new byte[64 * 1024];
    assertThatThrownBy(() -> {
      for (int i = 0; i < 200; i++) {
        upload.output().write(chunk);
      }
      upload.output().flush();
      upload.commit();
    }).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> upload.output().write(1)).isInstanceOf(IOException.class);
    upload.abort();
    assertThat(finalFileExists("x.csv")).isFalse();
  }

  @Test
  void slowServerStillGetsEveryByte() throws Exception {
    server.writeDelay(Duration.ofMillis(1));
    byte[] data = RemoteFolderTest.randomBytes(1_500_000, 7);
    uploadOk("slow.csv", data);
    assertThat(Files.readAllBytes(root.resolve("out/slow.csv"))).isEqualTo(data);
    assertThat(server.bytesWritten()).isEqualTo(data.length);
  }
}
