package io.bqsftp.sftp;

import io.bqsftp.config.SftpConfig;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens one authenticated SSH connection with an SFTP channel, per the config. */
final class SftpConnector {
  private static final Logger LOG = LoggerFactory.getLogger(SftpConnector.class);
  /** sshj's words when client and server share no cipher: ours first, then the server's. */
  private static final Pattern NO_COMMON_CIPHER =
      Pattern.compile("settlement of \\w+CipherAlgorithms: \\[([^\\]]*)\\] and \\[([^\\]]*)\\]");

  private final SftpConfig config;
  private final DefaultConfig sshjConfig;
  private final HostKeyVerification hostKeys;
  private final SftpAuthentication auth;
  private final String target;

  SftpConnector(SftpConfig config) {
    this.config = config;
    this.sshjConfig = SshjSettings.newConfig(config.ciphers());
    this.target = config.host() + ":" + config.port();
    try {
      this.hostKeys = HostKeyVerification.from(config);
      this.auth = SftpAuthentication.from(config, sshjConfig);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  String target() {
    return target;
  }

  /** A connected, authenticated client with an open SFTP channel. */
  Opened connect() throws IOException {
    int connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
    SSHClient ssh = new SSHClient(sshjConfig);
    ssh.setConnectTimeout(connectTimeoutMs);
    ssh.getTransport().setTimeoutMs(connectTimeoutMs);
    // Must be set before connect: the keepalive thread starts with the connection.
    ssh.getConnection().getKeepAlive()
        .setKeepAliveInterval(SshjSettings.KEEPALIVE_INTERVAL_SECONDS);
    HostKeyVerification.Attempt hostKey = hostKeys.newAttempt(config.host(), config.port());
    ssh.addHostKeyVerifier(hostKey);
    try {
      try {
        ssh.connect(config.host(), config.port());
      } catch (TransportException e) {
        if (hostKey.rejection().isPresent()) {
          throw new HostKeyRejectedException(hostKey.rejection().get(), e);
        }
        Matcher ciphers = NO_COMMON_CIPHER.matcher(String.valueOf(e.getMessage()));
        if (ciphers.find()) {
          throw new CipherMismatchException("sftp.ciphers: SFTP server " + target + " accepts none of ["
              + ciphers.group(1) + "]; it offers [" + ciphers.group(2) + "]: list one of those in sftp.ciphers"
              + " (SFTP_CIPHERS)", e);
        }
        throw new IOException("cannot connect to SFTP server " + target + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new IOException("cannot connect to SFTP server " + target + ": " + e, e);
      }
      try {
        ssh.auth(auth.username(), auth.methods());
      } catch (UserAuthException e) {
        throw new SftpAuthenticationException("authentication as user '" + auth.username()
            + "' to SFTP server " + target + " failed (tried " + auth.describeMethods()
            + "): wrong password or key not authorized", e);
      }
      SFTPClient sftp = ssh.newSFTPClient();
      // A hung server (stopped process, dead link) fails each request after this, not never.
      sftp.getSFTPEngine().setTimeoutMs((int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis()));
      LOG.debug("connected to SFTP server {} as {}", target, auth.username());
      return new Opened(ssh, sftp);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ssh);
      throw e;
    }
  }

  static void closeQuietly(SSHClient ssh) {
    try {
      ssh.disconnect();
    } catch (IOException | RuntimeException e) {
      LOG.debug("ignoring error while disconnecting", e);
    }
  }

  record Opened(SSHClient ssh, SFTPClient sftp) {}
}
