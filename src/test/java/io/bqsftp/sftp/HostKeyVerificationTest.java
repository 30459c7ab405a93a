package io.bqsftp.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bqsftp.local.EmbeddedSftpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class HostKeyVerificationTest {
  @TempDir Path root;
  @TempDir Path work;
  private EmbeddedSftpServer server;

  @BeforeEach
  void start() throws Exception {
    server = new EmbeddedSftpServer().hostKeyFile(work.resolve("host-key"))
        .start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SftpTestSupport.Builder noHostKeyConfig() {
    return SftpTestSupport.config(server).fingerprint(null);
  }

  private void assertNothingWritten() throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      assertThat(all.filter(p -> !p.equals(root))).isEmpty();
    }
  }

  @Test
  void matchingFingerprintConnects() throws Exception {
    assertThat(server.hostKeyFingerprint()).startsWith("SHA256:");
    try (SftpConnectionPool pool = new SftpConnectionPool(SftpTestSupport.config(server).build());
        SftpConnection connection = pool.acquire()) {
      assertThat(connection.isHealthy()).isTrue();
    }
  }

  @Test
  void wrongFingerprintFailsAndWritesNothing() throws Exception {
    String wrong = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";
    try (SftpConnectionPool pool =
        new SftpConnectionPool(SftpTestSupport.config(server).fingerprint(wrong).build())) {
      RemoteFolder uploader = new RemoteFolder(pool, "/out");
      assertThatThrownBy(() -> uploader.open("x.csv"))
          .isInstanceOf(HostKeyRejectedException.class)
          .hasMessageContaining("host key for 127.0.0.1:" + server.port()
              + " does not match the configured fingerprint " + wrong)
          .hasMessageContaining(server.hostKeyFingerprint());
      assertThat(pool.openConnections()).isZero();
    }
    assertNothingWritten();
  }

  @Test
  void malformedFingerprintIsAConfigurationError() {
    assertThatThrownBy(() -> new SftpConnectionPool(
        SftpTestSupport.config(server).fingerprint("MD5:ab:cd").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SHA256:");
  }

  @Test
  void knownHostsWithBracketedPortLineAccepts() throws Exception {
    Path knownHosts = work.resolve("known_hosts");
    Files.writeString(knownHosts, "# test\n" + server.knownHostsLine() + "\n");
    assertThat(server.knownHostsLine()).startsWith("[127.0.0.1]:" + server.port() + " ");
    try (SftpConnectionPool pool = new SftpConnectionPool(
        noHostKeyConfig().knownHosts(knownHosts.toString()).build());
        SftpConnection connection = pool.acquire()) {
      assertThat(connection.isHealthy()).isTrue();
    }
  }

  @Test
  void knownHostsWithOtherKeyRejectsAndIsNotModified() throws Exception {
    // Another server's key under this server's name: a changed host key.
    String otherKeyLine;
    try (EmbeddedSftpServer other = new EmbeddedSftpServer().start(work.resolve("other"), "u", "p")) {
      otherKeyLine = other.knownHostsLine().replace("]:" + other.port() + " ",
          "]:" + server.port() + " ");
    }
    Path knownHosts = work.resolve("known_hosts");
    Files.writeString(knownHosts, otherKeyLine + "\n");
    FileTime before = Files.getLastModifiedTime(knownHosts);
    try (SftpConnectionPool pool = new SftpConnectionPool(
        noHostKeyConfig().knownHosts(knownHosts.toString()).build())) {
      assertThatThrownBy(pool::acquire)
          .isInstanceOf(HostKeyRejectedException.class)
          .hasMessageContaining("host key for 127.0.0.1:" + server.port()
              + " does not match known_hosts file " + knownHosts);
    }
    assertThat(Files.readString(knownHosts)).isEqualTo(otherKeyLine + "\n");
    assertThat(Files.getLastModifiedTime(knownHosts)).isEqualTo(before);
    assertNothingWritten();
  }

  @Test
  void knownHostsWithoutEntryForHostRejects() throws Exception {
    Path knownHosts = work.resolve("known_hosts");
    // Same key, but for port 22 (no brackets): must not match a non-22 port.
    String line = server.knownHostsLine().replace("[127.0.0.1]:" + server.port(), "127.0.0.1");
    Files.writeString(knownHosts, line + "\n");
    try (SftpConnectionPool pool = new SftpConnectionPool(
        noHostKeyConfig().knownHosts(knownHosts.toString()).build())) {
      assertThatThrownBy(pool::acquire)
          .isInstanceOf(HostKeyRejectedException.class)
          .hasMessageContaining("host key for 127.0.0.1:" + server.port() + " is unknown");
    }
    assertThat(Files.readString(knownHosts)).isEqualTo(line + "\n");
  }

  @Test
  void missingKnownHostsFileIsAConfigurationError() {
    assertThatThrownBy(() -> new SftpConnectionPool(
        noHostKeyConfig().knownHosts(work.resolve("nope").toString()).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void nothingConfiguredIsRefusedWithHowTo() {
    assertThatThrownBy(() -> new SftpConnectionPool(noHostKeyConfig().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no host key verification configured")
        .hasMessageContaining("knownHostsFile")
        .hasMessageContaining("hostKeyFingerprint");
  }

  @Test
  void insecureSkipConnectsAndWarnsOnEveryConnect() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(HostKeyVerification.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (SftpConnectionPool pool =
        new SftpConnectionPool(noHostKeyConfig().insecure(true).build())) {
      SftpConnection first = pool.acquire();
      SftpConnection second = pool.acquire();
      first.close();
      second.close();
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).hasSize(2).allSatisfy(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getFormattedMessage()).contains("NOT verified", "127.0.0.1:" + server.port());
    });
  }

  @Test
  void restartedServerKeepsItsPersistedHostKey() throws Exception {
    String fingerprint = server.hostKeyFingerprint();
    server.stop();
    server = new EmbeddedSftpServer().hostKeyFile(work.resolve("host-key"))
        .start(root, SftpTestSupport.USER, SftpTestSupport.PASSWORD);
    assertThat(server.hostKeyFingerprint()).isEqualTo(fingerprint);
  }

  @Test
  void fingerprintMatchesOpenSshFormat() throws Exception {
    assertThat(HostKeyVerification.sha256Fingerprint(server.hostKey()))
        .isEqualTo(server.hostKeyFingerprint());
  }
}
