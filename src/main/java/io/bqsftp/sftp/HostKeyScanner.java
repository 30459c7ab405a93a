package io.bqsftp.sftp;

import com.hierynomus.sshj.key.KeyAlgorithm;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Reads the host keys an SSH server offers, like {@code ssh-keyscan}: one key exchange per key type
 * (sshj negotiates a single host key algorithm per exchange), each ended by refusing the key, so
 * nothing is trusted and no login is attempted.
 */
public final class HostKeyScanner {

  /** The key types asked for, each with the host key algorithms that carry it (best first). */
  private static final Map<String, List<String>> KEY_TYPES = keyTypes();

  private final Duration timeout;

  public HostKeyScanner(Duration timeout) {
    this.timeout = timeout;
  }

  /** One host key as offered by the server. */
  public record HostKey(String host, int port, PublicKey key) {
    /** {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}, ... */
    public String type() {
      return KeyType.fromKey(key).toString();
    }

    /** {@code SHA256:...} as {@code ssh-keygen -lf} prints it. */
    public String fingerprint() {
      return HostKeyVerification.sha256Fingerprint(key);
    }

    /** A line for a known_hosts file; {@code [host]:port} for ports other than 22, as OpenSSH writes it. */
    public String knownHostsLine() {
      String blob = Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
      return knownHostsName(host, port) + " " + type() + " " + blob;
    }
  }

  /** What the server offered; empty keys when it offered none this client understands. */
  public record Scan(String serverVersion, List<HostKey> keys) {}

  static String knownHostsName(String host, int port) {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  /**
   * Scans {@code host:port}.
   *
   * @throws IOException when the server cannot be reached or does not speak SSH
   */
  public Scan scan(String host, int port) throws IOException {
    SshjSettings.initOnce();
    List<HostKey> found = new ArrayList<>();
    String version = null;
    for (List<String> algorithms : KEY_TYPES.values()) {
      Optional<Offer> offer = offer(host, port, algorithms);
      if (offer.isPresent()) {
        version = offer.get().serverVersion();
        offer.get().key().ifPresent(key -> found.add(new HostKey(host, port, key)));
      }
    }
    return new Scan(version, List.copyOf(found));
  }

  private record Offer(String serverVersion, Optional<PublicKey> key) {}

  /** One key exchange restricted to {@code algorithms}; empty key when the server has none of them. */
  private Optional<Offer> offer(String host, int port, List<String> algorithms) throws IOException {
    DefaultConfig config = SshjSettings.newConfig(io.bqsftp.config.SftpConfig.DEFAULT_CIPHERS);
    List<Factory.Named<KeyAlgorithm>> allowed = config.getKeyAlgorithms().stream()
        .filter(f -> algorithms.contains(f.getName())).toList();
    if (allowed.isEmpty()) {
      return Optional.empty();
    }
    config.setKeyAlgorithms(allowed);
    Recorder recorder = new Recorder();
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try (SSHClient ssh = new SSHClient(config)) {
      ssh.setConnectTimeout(timeoutMs);
      ssh.getTransport().setTimeoutMs(timeoutMs);
      ssh.addHostKeyVerifier(recorder);
      try {
        ssh.connect(host, port);
      } catch (UnknownHostException e) {
        throw new IOException("unknown host " + host, e);
      } catch (ConnectException | SocketTimeoutException e) {
        throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
      } catch (TransportException e) {
        // Expected: the recorder refused the key, or the server has no key of this type.
        if (recorder.key == null && ssh.getTransport().getServerVersion() == null) {
          throw new IOException("no SSH server at " + host + ":" + port + ": " + e.getMessage(), e);
        }
      }
      return Optional.of(new Offer(ssh.getTransport().getServerVersion(), Optional.ofNullable(recorder.key)));
    }
  }

  /** Keeps the offered key and refuses it: the scan never trusts and never logs in. */
  private static final class Recorder implements HostKeyVerifier {
    private volatile PublicKey key;

    @Override
    public boolean verify(String hostname, int port, PublicKey offered) {
      key = offered;
      return false;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
      return List.of();
    }
  }

  private static Map<String, List<String>> keyTypes() {
    Map<String, List<String>> types = new LinkedHashMap<>();
    types.put("ed25519", List.of("ssh-ed25519"));
    types.put("ecdsa-256", List.of("ecdsa-sha2-nistp256"));
    types.put("ecdsa-384", List.of("ecdsa-sha2-nistp384"));
    types.put("ecdsa-521", List.of("ecdsa-sha2-nistp521"));
    types.put("rsa", List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"));
    return types;
  }
}
