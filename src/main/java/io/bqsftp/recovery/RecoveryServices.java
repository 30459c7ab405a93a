package io.bqsftp.recovery;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.config.SftpConfig;
import io.bqsftp.ledger.Ledger;
import io.bqsftp.ledger.LedgerFactory;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.sftp.RemoteFolder;
import io.bqsftp.staging.Staging;
import io.bqsftp.staging.StagingFactory;
import io.bqsftp.delivery.RunLock;
import java.io.IOException;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * What retry and verify need, and nothing of BigQuery's Read API: the config, the ledger, the
 * staging area and SFTP connections. Owns the pool and ledger only when it created them.
 */
public final class RecoveryServices implements AutoCloseable {
  private final ServiceConfig config;
  private final Ledger ledger;
  private final Staging staging;
  private final SftpConnectionPool pool;
  private final boolean owned;
  private final Vertx vertx;
  // Exports with a destination of their own: one pool per distinct destination, shared by the
  // exports that have the same one, closed with this object.
  private final java.util.Map<SftpConfig, SftpConnectionPool> destinationPools = new java.util.HashMap<>();

  /** @param vertx drives the heartbeats of the runs' locks (its timer and a worker pool) */
  public RecoveryServices(ServiceConfig config, Ledger ledger, Staging staging, SftpConnectionPool pool, Vertx vertx) {
    this(config, ledger, staging, pool, vertx, false);
  }

  private RecoveryServices(ServiceConfig config, Ledger ledger, Staging staging, SftpConnectionPool pool, Vertx vertx,
      boolean owned) {
    this.vertx = vertx;
    this.config = config;
    this.ledger = ledger;
    this.staging = staging;
    this.pool = pool;
    this.owned = owned;
  }

  /** Creates its own ledger, staging, SFTP pool and Vert.x instance from the config (CLI commands). */
  public static RecoveryServices start(ServiceConfig config) throws IOException {
    Ledger ledger = LedgerFactory.create(config);
    Vertx vertx = null;
    try {
      vertx = Vertx.vertx();
      return new RecoveryServices(config, ledger, StagingFactory.create(config), new SftpConnectionPool(config.sftp()),
          vertx, true);
    } catch (RuntimeException e) {
      ledger.close();
      if (vertx != null) {
        vertx.close();
      }
      throw e;
    }
  }

  public ServiceConfig config() {
    return config;
  }

  public Ledger ledger() {
    return ledger;
  }

  public Staging staging() {
    return staging;
  }

  /** The uploader for the export's folder on its SFTP server. */
  public RemoteFolder uploader(ExportConfig export) {
    return new RemoteFolder(pool(export), remoteDirectory(config, export));
  }

  /** The service's pool, or the pool of the export's own destination. */
  private synchronized SftpConnectionPool pool(ExportConfig export) {
    SftpConfig sftp = config.sftpFor(export);
    if (sftp.equals(config.sftp())) {
      return pool;
    }
    return destinationPools.computeIfAbsent(sftp, SftpConnectionPool::new);
  }

  /**
   * The export's folder on a connection of its own, for a run's lock: its heartbeat never waits
   * behind uploads holding every pooled connection.
   */
  public RunLock.LockFolder lockFolder(ExportConfig export) {
    var own = new SftpConnectionPool(config.sftpFor(export).withMaxConnections(1));
    return RunLock.LockFolder.owning(new RemoteFolder(own, remoteDirectory(config, export)), own);
  }

  /** The lock timing from the config. */
  public RunLock.Timing lockTiming(Clock clock) {
    return new RunLock.Timing(config.delivery().lockHeartbeat(), config.delivery().lockStaleAfter(), clock, vertx);
  }

  /** The export's folder: its {@code directory} below {@code sftp.directory}. */
  public static String remoteDirectory(ServiceConfig config, ExportConfig export) {
    String base = config.sftpFor(export).directory();
    String sub = export.directory();
    if (sub == null || sub.isEmpty()) {
      return base;
    }
    return (base.endsWith("/") ? base : base + "/") + sub;
  }

  /** The ledger's {@code destination_uri}: {@code sftp://host[:port]/dir}. */
  public static String destinationUri(ServiceConfig config, ExportConfig export) {
    var sftp = config.sftpFor(export);
    String dir = remoteDirectory(config, export);
    return "sftp://" + sftp.host() + (sftp.port() == 22 ? "" : ":" + sftp.port())
        + (dir.startsWith("/") ? dir : "/" + dir);
  }

  @Override
  public void close() {
    synchronized (this) {
      destinationPools.values().forEach(SftpConnectionPool::close);
      destinationPools.clear();
    }
    if (owned) {
      pool.close();
      ledger.close();
      vertx.close();
    }
  }
}
