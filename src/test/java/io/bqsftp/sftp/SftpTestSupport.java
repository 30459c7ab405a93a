package io.bqsftp.sftp;

import io.bqsftp.config.Secret;
import io.bqsftp.config.SftpConfig;
import io.bqsftp.local.EmbeddedSftpServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Builds SftpConfig records for tests (the record has many fields). */
final class SftpTestSupport {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-Pa55";

  private SftpTestSupport() {}

  static Builder config(EmbeddedSftpServer server) {
    return new Builder(server.host(), server.port()).fingerprint(server.hostKeyFingerprint());
  }

  static final class Builder {
    String host;
    int port;
    String username = USER;
    String password = PASSWORD;
    String privateKeyFile;
    String privateKey;
    String passphrase;
    String knownHosts;
    String fingerprint;
    boolean insecure;
    String directory = "/out";
    int maxConnections = 4;
    int writesInFlight = 16;
    List<String> ciphers = SftpConfig.DEFAULT_CIPHERS;

    Builder(String host, int port) {
      this.host = host;
      this.port = port;
    }

    Builder username(String v) { username = v; return this; }
    Builder password(String v) { password = v; return this; }
    Builder privateKeyFile(String v) { privateKeyFile = v; return this; }
    Builder privateKey(String v) { privateKey = v; return this; }
    Builder passphrase(String v) { passphrase = v; return this; }
    Builder knownHosts(String v) { knownHosts = v; return this; }
    Builder fingerprint(String v) { fingerprint = v; return this; }
    Builder insecure(boolean v) { insecure = v; return this; }
    Builder directory(String v) { directory = v; return this; }
    Builder maxConnections(int v) { maxConnections = v; return this; }
    Builder writesInFlight(int v) { writesInFlight = v; return this; }
    Builder ciphers(List<String> v) { ciphers = v; return this; }

    SftpConfig build() {
      return new SftpConfig(host, port, username,
          Optional.ofNullable(password).map(Secret::new),
          Optional.ofNullable(privateKeyFile),
          Optional.ofNullable(privateKey).map(Secret::new),
          Optional.ofNullable(passphrase).map(Secret::new),
          Optional.ofNullable(knownHosts),
          Optional.ofNullable(fingerprint),
          insecure, directory, maxConnections, Duration.ofSeconds(10), writesInFlight, 3, Duration.ofSeconds(10),
          ciphers);
    }
  }
}
