package io.bqsftp.sftp;

import io.bqsftp.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.local.EmbeddedSftpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpConnectionPoolTest {
  @TempDir Path root;
  private EmbeddedSftpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new EmbeddedSftpServer().start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void fourConcurrentUploadsNeverUseMoreThanTwoSessions() throws Exception {
    server.writeDelay(Duration.ofMillis(2)); // keeps uploads overlapping
    try (SftpConnectionPool pool =
        new SftpConnectionPool(SftpTestSupport.config(server).maxConnections(2).build())) {
      RemoteFolder uploader = new RemoteFolder(pool, "/out");
      ExecutorService executor = Executors.newFixedThreadPool(4);
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String name = "part-" + i + ".csv";
        byte[] data = RemoteFolderTest.randomBytes(400_000, i);
        results.add(executor.submit(() -> {
          try (RemoteFileUpload upload = uploader.open(name)) {
            upload.output().write(data);
            return upload.commit();
          }
        }));
      }
      for (Future<Long> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(400_000L);
      }
      executor.shutdown();
      assertThat(pool.openConnections()).isEqualTo(2);
    }
    // Counted by the server: a client-side counter would race with commit() handing the
    // connection back before the counter goes down.
    assertThat(server.maxConcurrentSessions()).isEqualTo(2);
    for (int i = 0; i < 4; i++) {
      assertThat(Files.size(root.resolve("out/part-" + i + ".csv"))).isEqualTo(400_000L);
    }
  }

  @Test
  void acquireTimesOutWhenAllConnectionsAreLent() throws Exception {
    try (SftpConnectionPool pool = new SftpConnectionPool(
        SftpTestSupport.config(server).maxConnections(1).build(), Duration.ofMillis(200))) {
      try (SftpConnection held = pool.acquire()) {
        assertThatThrownBy(pool::acquire).isInstanceOf(IOException.class)
            .hasMessageContaining("all 1 in use");
      }
      try (SftpConnection again = pool.acquire()) {
        assertThat(again.isHealthy()).isTrue();
      }
    }
  }

  @Test
  void brokenConnectionIsDiscardedNotReused() throws Exception {
    try (SftpConnectionPool pool = new SftpConnectionPool(SftpTestSupport.config(server).build())) {
      SftpConnection first = pool.acquire();
      first.markBroken();
      first.close();
      first.close(); // second close is a no-op
      assertThat(pool.openConnections()).isZero();
      try (SftpConnection second = pool.acquire()) {
        assertThat(second).isNotSameAs(first);
      }
      assertThat(pool.idleConnections()).isEqualTo(1);
    }
    // The server notices the disconnects asynchronously.
    Poll.value("the server to see every session closed", java.time.Duration.ofSeconds(10),
        server::activeSessions, sessions -> sessions == 0);
  }

  @Test
  void closedPoolRefusesAndDisconnects() throws Exception {
    SftpConnectionPool pool = new SftpConnectionPool(SftpTestSupport.config(server).build());
    SftpConnection lent = pool.acquire();
    pool.acquire().close();
    pool.close();
    assertThatThrownBy(pool::acquire).isInstanceOf(IOException.class).hasMessageContaining("closed");
    lent.close();
    assertThat(pool.openConnections()).isZero();
  }

  @Test
  void unreachableServerFailsClearly() throws Exception {
    int port = server.port();
    String fingerprint = server.hostKeyFingerprint();
    server.stop();
    try (SftpConnectionPool pool = new SftpConnectionPool(
        new SftpTestSupport.Builder("127.0.0.1", port).fingerprint(fingerprint).build())) {
      assertThatThrownBy(pool::acquire).isInstanceOf(IOException.class)
          .hasMessageContaining("cannot connect to SFTP server 127.0.0.1:" + port);
    }
  }
}
