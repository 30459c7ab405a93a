package io.bqsftp.service;

import io.bqsftp.contract.ExportResult;
import io.bqsftp.delivery.PartDestination;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.export.ExportCoordinator;
import io.bqsftp.export.ExportRunner;
import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import io.bqsftp.bigquery.ReadClientFactory;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.compress.GzipEncoders;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.ledger.Ledger;
import io.bqsftp.ledger.LedgerFactory;
import io.bqsftp.ops.WorkerExecutors;
import io.vertx.core.WorkerExecutor;
import io.bqsftp.recovery.RecoveryServices;
import io.bqsftp.staging.Staging;
import io.bqsftp.staging.StagingFactory;
import io.bqsftp.sftp.SftpConnectionPool;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.bqsftp.delivery.UploaderPool;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.bqsftp.read.ReaderVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import org.slf4j.LoggerFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The long-lived resources every run shares: the Vert.x instance its pipeline stages run on, the
 * Read API client, the SFTP connection pool, the Arrow allocator, the deflate threads, the ledger
 * and the staging area. Runs themselves are {@link ExportRunner#run}; {@link #recovery()} serves
 * retry and verify with the same pool and ledger.
 */
public final class ExportEngine implements ExportCoordinator.RunExecutor, AutoCloseable {
  private static final long DEPLOY_SECONDS = 60;
  private static final String DEFLATE_POOL = "gzip-deflate";
  private final BigQueryReadClient client;
  private final SftpConnectionPool pool;
  private final BufferAllocator allocator;
  private final WorkerExecutor deflate;
  private final Ledger ledger;
  private final RecoveryServices recovery;
  private final ExportRunner runner;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Future<UploaderPool> uploaders;
  private final Future<String> readers;
  /** The reader verticles' worker pool. */
  public static final String READ_POOL = "bqsftp-read";

  private ExportEngine(Vertx vertx, boolean ownsVertx, ServiceConfig config, Clock clock, Staging staging)
      throws IOException {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.client = ReadClientFactory.create(config.bigquery());
    this.pool = new SftpConnectionPool(config.sftp());
    try {
      this.ledger = LedgerFactory.create(config);
    } catch (IOException | RuntimeException e) {
      pool.close();
      client.close();
      throw e;
    }
    this.recovery = new RecoveryServices(config, ledger, staging, pool, vertx);
    // Deployed now, waited for by the first run (a constructor called on an event loop must not block).
    this.uploaders = UploaderPool.deploy(vertx, config.sftp().maxConnections());
    this.allocator = new RootAllocator();
    // Shared by every run: each block is deflated in the log context of the run that wrote it.
    // Threads "gzip-deflate-N" (a Vert.x pool, so metrics and the blocked-thread checker see them).
    this.deflate = vertx.createSharedWorkerExecutor(DEFLATE_POOL, GzipEncoders.defaultThreads());
    var tableReader = new TableReader(client, config.bigquery().billingProject());
    int streams = config.bigquery().maxStreams();
    // One reader per stream slot, on a pool of its own (named in thread dumps and metrics).
    this.readers = vertx.deployVerticle(() -> new ReaderVerticle(tableReader),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(streams)
            .setWorkerPoolName(READ_POOL).setWorkerPoolSize(streams));
    this.runner =
        new ExportRunner(
            tableReader,
            vertx,
            readers,
            allocator,
            export -> PartDestination.of(recovery.uploader(export)),
            recovery::lockFolder,
            recovery.lockTiming(clock),
            WorkerExecutors.asExecutor(deflate),
            streams,
            clock,
            new ExportRunner.Recovery(ledger, staging, config.delivery(),
                export -> RecoveryServices.destinationUri(config, export)),
            this::uploaders);
  }

  /** The uploader pool, once deployed (runs call this on their worker thread). */
  private UploaderPool uploaders() {
    try {
      return uploaders.toCompletionStage().toCompletableFuture().get(DEPLOY_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the SFTP uploader pool", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the SFTP uploader pool did not start: " + e, e);
    }
  }

  /** On a Vert.x instance of its own, closed with the engine (CLI commands, tests). */
  public static ExportEngine start(ServiceConfig config) throws IOException {
    return start(config, StagingFactory.create(config));
  }

  /** With a given staging area (embedding, tests), on a Vert.x instance of its own. */
  public static ExportEngine start(ServiceConfig config, Staging staging) throws IOException {
    return start(Vertx.vertx(), true, config, staging);
  }

  /** On the service's Vert.x instance, which the caller closes. */
  public static ExportEngine start(Vertx vertx, ServiceConfig config) throws IOException {
    return start(vertx, false, config, StagingFactory.create(config));
  }

  private static ExportEngine start(Vertx vertx, boolean ownsVertx, ServiceConfig config, Staging staging)
      throws IOException {
    try {
      return new ExportEngine(vertx, ownsVertx, config, Clock.systemUTC(), staging);
    } catch (IOException | RuntimeException e) {
      if (ownsVertx) {
        vertx.close();
      }
      throw e;
    }
  }

  /** The Vert.x instance the pipeline's stages run on. */
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public ExportResult run(RunPlan plan, RunProgress progress) {
    return runner.run(plan, progress);
  }

  /**
   * The service's Vert.x lives on after the engine: the readers go with it (their client closes
   * here). When the service closed its Vert.x first, they went with that.
   */
  /**
   * Takes the reader and uploader verticles off the service's Vert.x, which outlives the engine (our
   * own instance takes them along when it closes; a closed one has none left).
   */
  private void undeployStages() {
    if (ownsVertx) {
      return;
    }
    try {
      List<Future<?>> undeployed = new ArrayList<>();
      if (readers.succeeded() && vertx.deploymentIDs().contains(readers.result())) {
        undeployed.add(vertx.undeploy(readers.result()));
      }
      if (uploaders.succeeded()) {
        undeployed.add(uploaders.result().close());
      }
      Future.join(undeployed).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RejectedExecutionException e) {
      // The service closed its Vert.x first, which undeployed every verticle.
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LoggerFactory.getLogger(ExportEngine.class).info("stage verticles not undeployed: {}", e.toString());
    }
  }

  /** Retry and verify on this engine's SFTP pool, ledger and staging. */
  public RecoveryServices recovery() {
    return recovery;
  }

  @Override
  public void close() {
    undeployStages();
    try {
      deflate.close();
    } catch (RuntimeException vertxClosed) {
      // the service closed its Vert.x first, and the pool went with it
    }
    recovery.close(); // the pools of exports' own destinations (the shared pool and ledger are ours)
    pool.close();
    ledger.close();
    client.close();
    allocator.close();
    if (ownsVertx) {
      vertx.close();
    }
  }

}
