package io.bqsftp.config;

import java.time.Duration;
import java.util.List;
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
    Duration requestTimeout,
    List<String> ciphers) {

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
        connectTimeout, writesInFlight, uploadAttempts, requestTimeout, ciphers);
  }

  /**
   * SSH ciphers offered, most preferred first: AES-GCM costs least per byte with the JDK's
   * intrinsics (docs/performance.md), AES-CTR with an ETM MAC next; every OpenSSH since 6.2
   * offers both. chacha20-poly1305 only when configured: sshj runs it in pure Java (~25x AES-GCM)
   * on Bouncy Castle, which then has to be loaded (~0.13 cpu-s and ~0.3 s per process).
   */
  public static final List<String> DEFAULT_CIPHERS = List.of(
      "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr");

  /** Every cipher name {@code sftp.ciphers} accepts (sshj implements them all). */
  public static final List<String> SUPPORTED_CIPHERS = List.of(
      "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr",
      "chacha20-poly1305@openssh.com", "aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc");

  public SftpConfig {
    ciphers = List.copyOf(ciphers);
  }

  /** The configuration with the default cipher order. */
  public SftpConfig(String host, int port, String username, Optional<Secret> password,
      Optional<String> privateKeyFile, Optional<Secret> privateKey,
      Optional<Secret> privateKeyPassphrase, Optional<String> knownHostsFile,
      Optional<String> hostKeyFingerprint, boolean insecureSkipHostKeyVerification,
      String directory, int maxConnections, Duration connectTimeout, int writesInFlight,
      int uploadAttempts, Duration requestTimeout) {
    this(host, port, username, password, privateKeyFile, privateKey, privateKeyPassphrase,
        knownHostsFile, hostKeyFingerprint, insecureSkipHostKeyVerification, directory,
        maxConnections, connectTimeout, writesInFlight, uploadAttempts, requestTimeout, DEFAULT_CIPHERS);
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
        + ", uploadAttempts=" + uploadAttempts + ", requestTimeout=" + requestTimeout + ", ciphers=" + ciphers + "]";
  }
}
