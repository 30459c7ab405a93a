package io.bqsftp.sftp;

import io.bqsftp.config.SftpConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the server's host key is checked: against a known_hosts file, against a pinned
 * {@code SHA256:} fingerprint, or (explicitly insecure) not at all. Never writes a known_hosts file.
 *
 * <p>sshj only reports "could not verify"; each connect gets its own {@link Attempt} that records
 * why a key was rejected so the connect error can say so.
 */
public final class HostKeyVerification {
  private static final Logger LOG = LoggerFactory.getLogger(HostKeyVerification.class);

  private enum Mode { KNOWN_HOSTS, FINGERPRINT, INSECURE_SKIP }

  private final Mode mode;
  private final String knownHostsFile;
  private final String knownHostsText;
  private final String fingerprint;

  private HostKeyVerification(Mode mode, String knownHostsFile, String knownHostsText,
      String fingerprint) {
    this.mode = mode;
    this.knownHostsFile = knownHostsFile;
    this.knownHostsText = knownHostsText;
    this.fingerprint = fingerprint;
  }

  /**
   * Builds the verification the config asks for. A fingerprint wins over a known_hosts file when
   * both are given (it is the narrower statement).
   *
   * @throws IllegalArgumentException when nothing is configured, or a fingerprint is malformed
   * @throws IOException when the known_hosts file cannot be read
   */
  public static HostKeyVerification from(SftpConfig config) throws IOException {
    Optional<String> fp = config.hostKeyFingerprint().map(String::strip).filter(s -> !s.isEmpty());
    if (fp.isPresent()) {
      return new HostKeyVerification(Mode.FINGERPRINT, null, null, normalizeFingerprint(fp.get()));
    }
    Optional<String> kh = config.knownHostsFile().map(String::strip).filter(s -> !s.isEmpty());
    if (kh.isPresent()) {
      String text;
      try {
        text = Files.readString(Path.of(kh.get()), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IOException("known_hosts file " + kh.get() + " does not exist", e);
      }
      return new HostKeyVerification(Mode.KNOWN_HOSTS, kh.get(), text, null);
    }
    if (config.insecureSkipHostKeyVerification()) {
      return new HostKeyVerification(Mode.INSECURE_SKIP, null, null, null);
    }
    throw new IllegalArgumentException("no host key verification configured for SFTP server "
        + config.host() + ":" + config.port() + ": set the SFTP known_hosts file (knownHostsFile,"
        + " with a '[host]:port' line for ports other than 22) or the server's key fingerprint"
        + " (hostKeyFingerprint, 'SHA256:...' as printed by 'ssh-keygen -lf <host key>.pub'),"
        + " or, for tests only, insecureSkipHostKeyVerification=true");
  }

  /** A verifier for one connect attempt to host:port. */
  public Attempt newAttempt(String host, int port) throws IOException {
    return new Attempt(host, port);
  }

  /** "SHA256:base64" (unpadded, as OpenSSH prints it) of an SSH public key. */
  public static String sha256Fingerprint(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static String normalizeFingerprint(String fp) {
    if (!fp.startsWith("SHA256:")) {
      throw new IllegalArgumentException("host key fingerprint must look like 'SHA256:<base64>'"
          + " (as printed by ssh-keygen -lf), got '" + fp + "'");
    }
    String b64 = fp.substring("SHA256:".length()).replaceAll("=+$", "");
    try {
      byte[] raw = Base64.getDecoder().decode(padBase64(b64));
      if (raw.length != 32) {
        throw new IllegalArgumentException("host key fingerprint '" + fp
            + "' is not a SHA-256 digest (" + raw.length + " bytes)");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("host key fingerprint '" + fp + "' is not valid base64",
          e);
    }
    return "SHA256:" + b64;
  }

  private static String padBase64(String b64) {
    StringBuilder sb = new StringBuilder(b64);
    while (sb.length() % 4 != 0) {
      sb.append('=');
    }
    return sb.toString();
  }

  private static String describe(PublicKey key) {
    return KeyType.fromKey(key) + " " + sha256Fingerprint(key);
  }

  /** Verifies the host key of one connect attempt and remembers why it refused it. */
  public final class Attempt implements HostKeyVerifier {
    private final String host;
    private final int port;
    private final OpenSSHKnownHosts knownHosts;
    private volatile String rejection;

    private Attempt(String host, int port) throws IOException {
      this.host = host;
      this.port = port;
      this.knownHosts = mode == Mode.KNOWN_HOSTS ? new RecordingKnownHosts(knownHostsText) : null;
    }

    /** Why the key was refused, if it was. */
    public Optional<String> rejection() {
      return Optional.ofNullable(rejection);
    }

    @Override
    public boolean verify(String hostname, int p, PublicKey key) {
      switch (mode) {
        case INSECURE_SKIP:
          LOG.warn("INSECURE: host key of SFTP server {}:{} is NOT verified (offered {});"
              + " configure knownHostsFile or hostKeyFingerprint", host, port, describe(key));
          return true;
        case FINGERPRINT:
          String offered = sha256Fingerprint(key);
          if (offered.equals(fingerprint)) {
            return true;
          }
          rejection = "host key for " + host + ":" + port + " does not match the configured"
              + " fingerprint " + fingerprint + ": the server offered " + describe(key);
          return false;
        default:
          return knownHosts.verify(hostname, p, key);
      }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int p) {
      // Ask the server for the key type we know, so a host with several keys is checked right.
      return knownHosts == null ? List.of() : knownHosts.findExistingAlgorithms(hostname, p);
    }

    /** known_hosts read from memory (never written back), recording the reason of a refusal. */
    private final class RecordingKnownHosts extends OpenSSHKnownHosts {
      RecordingKnownHosts(String text) throws IOException {
        super(new StringReader(text));
      }

      @Override
      protected boolean hostKeyUnverifiableAction(String entryName, PublicKey key) {
        rejection = "host key for " + host + ":" + port + " is unknown: known_hosts file "
            + knownHostsFile + " has no " + KeyType.fromKey(key) + " entry for " + entryName
            + " (the server offered " + describe(key) + ")";
        return false;
      }

      @Override
      protected boolean hostKeyChangedAction(String entryName, PublicKey key) {
        rejection = "host key for " + host + ":" + port + " does not match known_hosts file "
            + knownHostsFile + " (entry " + entryName + "): the server offered " + describe(key);
        return false;
      }
    }
  }
}
