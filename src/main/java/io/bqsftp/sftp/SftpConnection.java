package io.bqsftp.sftp;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.SFTPClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH connection with its SFTP channel, lent out by a {@link SftpConnectionPool}.
 * {@link #close()} gives it back; after {@link #markBroken()} it is disconnected instead.
 */
public final class SftpConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SftpConnection.class);

  private final SftpConnectionPool pool;
  private final SSHClient ssh;
  private final SFTPClient sftp;
  private final int id;
  private final AtomicBoolean leased = new AtomicBoolean();
  private volatile boolean broken;

  SftpConnection(SftpConnectionPool pool, SSHClient ssh, SFTPClient sftp, int id) {
    this.pool = pool;
    this.ssh = ssh;
    this.sftp = sftp;
    this.id = id;
  }

  /** The SFTP client of this connection; do not close it yourself. */
  public SFTPClient sftp() {
    return sftp;
  }

  /** Whether the server offers posix-rename@openssh.com (atomic rename over an existing file). */
  public boolean supportsPosixRename() {
    return sftp.getSFTPEngine().supportsServerExtension("posix-rename", "openssh.com");
  }

  /** The connection may be in an unknown state: disconnect it when it is given back. */
  public void markBroken() {
    broken = true;
  }

  /** Connected, authenticated, SFTP channel open, and not marked broken. */
  public boolean isHealthy() {
    return !broken && ssh.isConnected() && ssh.isAuthenticated()
        && sftp.getSFTPEngine().getSubsystem().isOpen();
  }

  /** Gives the connection back to its pool (once; later calls do nothing). */
  @Override
  public void close() {
    if (leased.compareAndSet(true, false)) {
      pool.release(this);
    }
  }

  void lease() {
    leased.set(true);
  }

  void disconnect() {
    try {
      sftp.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("ignoring error closing SFTP channel of {}", this, e);
    }
    SftpConnector.closeQuietly(ssh);
  }

  @Override
  public String toString() {
    return "SftpConnection#" + id;
  }
}
