package io.bqsftp.sftp;

import io.bqsftp.config.SftpConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code maxConnections} SSH connections to one SFTP server. Connections are opened on
 * demand, reused while healthy (most recently returned first) and disconnected when broken.
 */
public final class SftpConnectionPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SftpConnectionPool.class);
  /** An upload holds its connection for the whole file, so waiting for one can take a while. */
  public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofMinutes(10);

  private final SftpConfig config;
  private final SftpConnector connector;
  private final Duration acquireTimeout;
  private final Semaphore permits;
  private final Deque<SftpConnection> idle = new ArrayDeque<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile boolean closed;

  /**
   * @throws IllegalArgumentException when host key verification or credentials are missing or
   *     unusable (unreadable known_hosts or key file, wrong key passphrase)
   */
  public SftpConnectionPool(SftpConfig config) {
    this(config, DEFAULT_ACQUIRE_TIMEOUT);
  }

  public SftpConnectionPool(SftpConfig config, Duration acquireTimeout) {
    if (config.maxConnections() < 1) {
      throw new IllegalArgumentException("SFTP maxConnections must be at least 1, got "
          + config.maxConnections());
    }
    this.config = config;
    this.connector = new SftpConnector(config);
    this.acquireTimeout = acquireTimeout;
    this.permits = new Semaphore(config.maxConnections(), true);
  }

  public SftpConfig config() {
    return config;
  }

  /**
   * A healthy connection, reused or newly opened; blocks while all {@code maxConnections} are in
   * use. Give it back with {@link SftpConnection#close()}.
   *
   * @throws IOException when connecting fails ({@link HostKeyRejectedException},
   *     {@link SftpAuthenticationException} for the permanent cases) or no connection became free
   *     in time
   */
  public SftpConnection acquire() throws IOException {
    ensureOpen();
    try {
      if (!permits.tryAcquire(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("no SFTP connection to " + connector.target() + " became free within "
            + acquireTimeout + " (all " + config.maxConnections() + " in use)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for an SFTP connection");
    }
    try {
      ensureOpen();
      SftpConnection reused = takeHealthyIdle();
      if (reused != null) {
        reused.lease();
        return reused;
      }
      SftpConnector.Opened opened = connector.connect();
      SftpConnection created =
          new SftpConnection(this, opened.ssh(), opened.sftp(), ids.incrementAndGet());
      open.incrementAndGet();
      LOG.debug("opened {} to {} ({} open)", created, connector.target(), open.get());
      created.lease();
      return created;
    } catch (IOException | RuntimeException | Error e) {
      permits.release();
      throw e;
    }
  }

  /** Connections currently open (lent out or idle). */
  public int openConnections() {
    return open.get();
  }

  /** Connections currently waiting in the pool for reuse. */
  public int idleConnections() {
    synchronized (idle) {
      return idle.size();
    }
  }

  /** Disconnects idle connections now and lent ones as they come back. */
  @Override
  public void close() {
    closed = true;
    List<SftpConnection> toClose;
    synchronized (idle) {
      toClose = new ArrayList<>(idle);
      idle.clear();
    }
    toClose.forEach(this::discard);
  }

  void release(SftpConnection connection) {
    try {
      if (closed || !connection.isHealthy()) {
        discard(connection);
        return;
      }
      synchronized (idle) {
        idle.push(connection);
      }
    } finally {
      permits.release();
    }
  }

  private SftpConnection takeHealthyIdle() {
    while (true) {
      SftpConnection candidate;
      synchronized (idle) {
        candidate = idle.poll();
      }
      if (candidate == null) {
        return null;
      }
      if (candidate.isHealthy()) {
        return candidate;
      }
      discard(candidate);
    }
  }

  private void discard(SftpConnection connection) {
    connection.disconnect();
    open.decrementAndGet();
    LOG.debug("closed {} to {} ({} open)", connection, connector.target(), open.get());
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("SFTP connection pool for " + connector.target() + " is closed");
    }
  }
}
