package io.bqsftp.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.local.EmbeddedSftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a slow server, pipelined writes queue up on the server side (the client did not wait for
 * replies); serial writes never do. Asserted on the server's queue, not on wall-clock time.
 */
class PipelinedUploadTest {
  @TempDir Path root;
  private EmbeddedSftpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new EmbeddedSftpServer().start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
    server.writeDelay(Duration.ofMillis(2));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void upload(int writesInFlight, String name, byte[] data) throws Exception {
    try (SftpConnectionPool pool = new SftpConnectionPool(
        SftpTestSupport.config(server).writesInFlight(writesInFlight).build())) {
      try (RemoteFileUpload upload = new RemoteFolder(pool, "/out").open(name)) {
        // Many small writes: the stream gathers them into packet-sized requests.
        for (int off = 0; off < data.length; off += 1000) {
          upload.output().write(data, off, Math.min(1000, data.length - off));
        }
        upload.commit();
      }
    }
    assertThat(Files.readAllBytes(root.resolve("out").resolve(name))).isEqualTo(data);
  }

  @Test
  void multiMegabyteUploadKeepsManyWritesInFlight() throws Exception {
    byte[] data = RemoteFolderTest.randomBytes(4 * 1024 * 1024, 9);
    upload(32, "pipelined.bin", data);
    // ~128 writes of 32 KiB each, 2 ms apiece: the client kept up to 32 outstanding.
    assertThat(server.maxQueuedRequests()).isBetween(16, 32);
  }

  @Test
  void oneWriteInFlightMeansNoQueue() throws Exception {
    byte[] data = RemoteFolderTest.randomBytes(512 * 1024, 10);
    upload(1, "serial.bin", data);
    assertThat(server.maxQueuedRequests()).isZero();
  }

  @Test
  void writesAreSplitToOnePacketEach() throws Exception {
    server.writeDelay(Duration.ZERO);
    byte[] data = RemoteFolderTest.randomBytes(3 * 1024 * 1024 + 17, 11);
    try (SftpConnectionPool pool = new SftpConnectionPool(SftpTestSupport.config(server).build());
        RemoteFileUpload upload = new RemoteFolder(pool, "/out").open("big-writes.bin")) {
      upload.output().write(data); // one 3 MiB write call
      upload.commit();
    }
    assertThat(Files.readAllBytes(root.resolve("out/big-writes.bin"))).isEqualTo(data);
  }
}
