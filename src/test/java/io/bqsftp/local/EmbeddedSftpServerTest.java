package io.bqsftp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's own contract; its fault hooks are exercised by the io.bqsftp.sftp tests. */
class EmbeddedSftpServerTest {
  @TempDir Path root;
  @TempDir Path state;

  @Test
  void persistedHostKeyAndGivenPortSurviveRestart() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path keyFile = state.resolve("host-key");
    String fingerprint;
    String line;
    try (EmbeddedSftpServer server =
        new EmbeddedSftpServer().hostKeyFile(keyFile).port(port).start(root, "u", "p")) {
      assertThat(server.port()).isEqualTo(port);
      assertThat(server.host()).isEqualTo("127.0.0.1");
      fingerprint = server.hostKeyFingerprint();
      line = server.knownHostsLine();
      assertThat(fingerprint).matches("SHA256:[A-Za-z0-9+/]{43}");
      assertThat(line).matches("\\[127\\.0\\.0\\.1]:" + port + " [a-z0-9-]+ [A-Za-z0-9+/=]+");
      assertThat(keyFile).isNotEmptyFile();
    }
    try (EmbeddedSftpServer again =
        new EmbeddedSftpServer().hostKeyFile(keyFile).port(port).start(root, "u", "p")) {
      assertThat(again.hostKeyFingerprint()).isEqualTo(fingerprint);
      assertThat(again.knownHostsLine()).isEqualTo(line);
    }
  }

  @Test
  void ephemeralPortAndInMemoryKeyByDefault() throws Exception {
    try (EmbeddedSftpServer a = new EmbeddedSftpServer().start(root.resolve("a"), "u", "p");
        EmbeddedSftpServer b = new EmbeddedSftpServer().start(root.resolve("b"), "u", "p")) {
      assertThat(a.port()).isPositive().isNotEqualTo(b.port());
      assertThat(a.hostKeyFingerprint()).isNotEqualTo(b.hostKeyFingerprint());
      assertThat(Files.isDirectory(root.resolve("a"))).isTrue();
    }
  }

  @Test
  void stoppedServerHasNoPortAndCannotStartTwice() throws Exception {
    EmbeddedSftpServer server = new EmbeddedSftpServer().start(root, "u", "p");
    assertThatThrownBy(() -> server.start(root, "u", "p"))
        .isInstanceOf(IllegalStateException.class);
    server.stop();
    server.stop(); // idempotent
    assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);
    server.start(root, "u", "p").close(); // restartable
  }

  @Test
  void rejectsMalformedAuthorizedKeyLine() {
    assertThatThrownBy(() -> new EmbeddedSftpServer().authorizedKey("ssh-ed25519 not-base64!"))
        .isInstanceOf(java.io.IOException.class);
  }
}
