package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hostkey}: every key type a server offers, fingerprints and known_hosts lines, nothing trusted. */
class HostKeyCommandTest {
  private SshServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop(true);
    }
  }

  record Result(int exit, String out, String err) {}

  static Result hostkey(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = new CommandLine(new HostKeyCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void printsEveryKeyTypeTheServerOffersWithoutLoggingIn() throws Exception {
    KeyPair ed25519 = SecurityUtils.getKeyPairGenerator("Ed25519").generateKeyPair();
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ecdsa = ec.generateKeyPair();
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    KeyPair rsa = rsaGenerator.generateKeyPair();
    AtomicInteger logins = new AtomicInteger();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(List.of(rsa, ecdsa, ed25519)));
    server.setPasswordAuthenticator((user, password, session) -> logins.incrementAndGet() < 0);
    server.setPublickeyAuthenticator((user, key, session) -> logins.incrementAndGet() < 0);
    server.start();
    int port = server.getPort();

    Result result = hostkey("127.0.0.1:" + port);

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains(
        "ssh-ed25519          " + KeyUtils.getFingerPrint(ed25519.getPublic()),
        "ecdsa-sha2-nistp256  " + KeyUtils.getFingerPrint(ecdsa.getPublic()),
        "ssh-rsa              " + KeyUtils.getFingerPrint(rsa.getPublic()),
        "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(ed25519.getPublic()),
        "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(ecdsa.getPublic()),
        "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(rsa.getPublic()));
    assertThat(result.out().lines().filter(l -> l.startsWith("[127.0.0.1]:")).count()).isEqualTo(3);
    assertThat(result.err()).contains("nothing was trusted");
    assertThat(logins).hasValue(0);
  }

  @Test
  void matchesTheFingerprintAndKnownHostsOfTheRealOpenSshServer() throws Exception {
    String host = System.getenv("SFTP_IT_HOST");
    assumeThat(host).as("OpenSSH test server (SFTP_IT_* from .ci/run)").isNotNull();
    String port = System.getenv("SFTP_IT_PORT");

    Result result = hostkey(host + ":" + port);

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("OpenSSH_", "ssh-ed25519          " + System.getenv("SFTP_IT_FINGERPRINT"));
    // Every line of the prepared known_hosts file is among the printed ones, byte for byte (less the comment).
    for (String line : Files.readAllLines(Path.of(System.getenv("SFTP_IT_KNOWN_HOSTS")))) {
      if (!line.isBlank()) {
        String[] fields = line.strip().split(" ");
        assertThat(result.out()).contains(fields[0] + " " + fields[1] + " " + fields[2]);
      }
    }
  }

  @Test
  void unreachableServerFailsWithExitOne() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Result result = hostkey("--timeout", "2", "127.0.0.1:" + port);
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("cannot connect to 127.0.0.1:" + port);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void targetsParseWithDefaultPortAndIpv6Brackets() {
    assertThat(HostKeyCommand.Target.parse("sftp.example.com")).isEqualTo(new HostKeyCommand.Target("sftp.example.com", 22));
    assertThat(HostKeyCommand.Target.parse("sftp.example.com:2222")).isEqualTo(new HostKeyCommand.Target("sftp.example.com", 2222));
    assertThat(HostKeyCommand.Target.parse("[::1]:2222")).isEqualTo(new HostKeyCommand.Target("::1", 2222));
    assertThat(HostKeyCommand.Target.parse("::1")).isEqualTo(new HostKeyCommand.Target("::1", 22));
    assertThat(hostkey("host:99999").exit()).isEqualTo(2);
    assertThat(hostkey("host:99999").err()).contains("port must be a number from 1 to 65535");
    assertThat(hostkey(":22").exit()).isEqualTo(2);
  }
}
