package io.bqsftp.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to reach the partner SFTP server. Secrets (password, inline key, passphrase) are
 * never printed: {@link #toString()} masks them.
 */
public record SftpConfig(
    String host,
    int port,
    String username,
    Optional<Secret> password,
    Optional<String> privateKeyFile,
    Optional<Secret> privateKey,
    Optional<Secret> privateKeyPassphrase,
    Optional<String> knownHostsFile,
    Optional<String> hostKeyFingerprint,
    boolean insecureSkipHostKeyVerification,
    String directory,
    int maxConnections,
    Duration connectTimeout,
    int writesInFlight,
    int uploadAttempts,
    Duration requestTimeout) {

  public static final int DEFAULT_PORT = 22;
  public static final int DEFAULT_MAX_CONNECTIONS = 4;
  public static final int DEFAULT_WRITES_IN_FLIGHT = 64;
  public static final int DEFAULT_UPLOAD_ATTEMPTS = 3;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** The same server and login with another connection limit (the lock's own connection). */
  public SftpConfig withMaxConnections(int connections) {
    return new SftpConfig(host, port, username, password, privateKeyFile, privateKey, privateKeyPassphrase,
        knownHostsFile, hostKeyFingerprint, insecureSkipHostKeyVerification, directory, connections,
        connectTimeout, writesInFlight, uploadAttempts, requestTimeout);
  }

  /**
   * Whether a known_hosts file or a fingerprint is set. Without one (and without the insecure
   * flag) the configuration still loads, as the seed's did, but the SFTP layer refuses to connect.
   */
  public boolean hostKeyVerificationConfigured() {
    return knownHostsFile.isPresent() || hostKeyFingerprint.isPresent();
  }

  @Override
  public String toString() {
    return "SftpConfig[host=" + host + ", port=" + port + ", username=" + username
        + ", password=" + password + ", privateKeyFile=" + privateKeyFile
        + ", privateKey=" + privateKey + ", privateKeyPassphrase=" + privateKeyPassphrase
        + ", knownHostsFile=" + knownHostsFile + ", hostKeyFingerprint=" + hostKeyFingerprint
        + ", insecureSkipHostKeyVerification=" + insecureSkipHostKeyVerification
        + ", directory=" + directory + ", maxConnections=" + maxConnections
        + ", connectTimeout=" + connectTimeout + ", writesInFlight=" + writesInFlight
        + ", uploadAttempts=" + uploadAttempts + ", requestTimeout=" + requestTimeout + "]";
  }
}
