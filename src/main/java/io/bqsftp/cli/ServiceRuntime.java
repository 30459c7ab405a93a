package io.bqsftp.cli;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.ExportCoordinator;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.ops.Metrics;
import io.bqsftp.ops.MetricsSetup;
import io.bqsftp.ops.ReadinessState;
import io.bqsftp.trigger.HttpTrigger;
import io.bqsftp.trigger.PubSubSettings;
import io.bqsftp.trigger.PubSubTrigger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service inside a Vert.x instance: the engine, the coordinator on the event bus and,
 * for {@code serve}, the HTTP trigger and (when configured) the Pub/Sub trigger. {@code run} and
 * {@code demo} use the same pieces. {@link #shutdown()} drains gracefully.
 */
public final class ServiceRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRuntime.class);
  /** After cancelling, how long runs get to stop at their next chunk and remove their temp files. */
  static final Duration CANCEL_WAIT = Duration.ofSeconds(15);
  /** After interrupting runs stuck in I/O, how long they get to reply. */
  static final Duration INTERRUPT_WAIT = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final ServiceConfig config;
  private final AutoCloseable engine;
  private final ExportCoordinator coordinator;
  private final HttpTrigger http;
  private final PubSubTrigger pubsub;
  private final ReadinessState readiness;

  private ServiceRuntime(Vertx vertx, ServiceConfig config, AutoCloseable engine, ExportCoordinator coordinator, HttpTrigger http, PubSubTrigger pubsub,
      ReadinessState readiness) {
    this.vertx = vertx;
    this.config = config;
    this.engine = engine;
    this.coordinator = coordinator;
    this.http = http;
    this.pubsub = pubsub;
    this.readiness = readiness;
  }

  /** What to start besides the coordinator. */
  public record Options(boolean http, boolean pubsub, Optional<Metrics> metrics) {
    public static Options serve(Metrics metrics) {
      return new Options(true, true, Optional.of(metrics));
    }
  }

  /** Starts the engine and deploys the coordinator, plus the HTTP trigger when asked. */
  public static ServiceRuntime start(Vertx vertx, ServiceConfig config, boolean withHttp) throws Exception {
    return start(vertx, config, new Options(withHttp, false, Optional.empty()));
  }

  public static ServiceRuntime start(Vertx vertx, ServiceConfig config, Options options) throws Exception {
    ExportEngine engine = ExportEngine.start(vertx, config);
    try {
      return start(vertx, config, options, engine, engine);
    } catch (Exception e) {
      engine.close();
      throw e;
    }
  }

  /** With any executor (tests run slow or failing fakes through the real triggers). */
  public static ServiceRuntime start(Vertx vertx, ServiceConfig config, Options options,
      ExportCoordinator.RunExecutor executor, AutoCloseable engine) throws Exception {
    return start(vertx, config, options, executor, engine, Clock.systemUTC());
  }

  /** With the clock that dates requests without a date (tests fix it). */
  public static ServiceRuntime start(Vertx vertx, ServiceConfig config, Options options,
      ExportCoordinator.RunExecutor executor, AutoCloseable engine, Clock clock) throws Exception {
    ReadinessState readiness = new ReadinessState();
    var coordinator = new ExportCoordinator(config, executor, clock,
        ExportCoordinator.registryFor(config, clock), options.metrics());
    // Redelivered Pub/Sub messages are checked against the engine's export history.
    if (executor instanceof ExportEngine e) {
      coordinator.historyFrom(e.recovery().ledger());
    } else if (engine instanceof ExportEngine e) {
      coordinator.historyFrom(e.recovery().ledger());
    }
    await(vertx.deployVerticle(coordinator), Duration.ofSeconds(30));
    HttpTrigger http = null;
    if (options.http()) {
      http = new HttpTrigger(config.httpPort(), new HttpTrigger.Api(config, coordinator.registry(), readiness,
          options.metrics().map(MetricsSetup::new),
          executor instanceof ExportEngine e ? Optional.of(e.recovery()) : Optional.empty()), clock);
      await(vertx.deployVerticle(http), Duration.ofSeconds(30));
    }
    PubSubTrigger pubsub = null;
    Optional<PubSubSettings> pubsubSettings = options.pubsub() ? PubSubSettings.from(config) : Optional.empty();
    if (pubsubSettings.isPresent()) {
      pubsub = new PubSubTrigger(pubsubSettings.get());
      await(vertx.deployVerticle(pubsub), Duration.ofSeconds(30));
    }
    readiness.markConfigValid();
    return new ServiceRuntime(vertx, config, engine, coordinator, http, pubsub, readiness);
  }

  public Vertx vertx() {
    return vertx;
  }

  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  public ReadinessState readiness() {
    return readiness;
  }

  public ExportCoordinator coordinator() {
    return coordinator;
  }

  /**
   * Graceful stop (SIGTERM): readiness DOWN, Pub/Sub stops pulling, new runs are refused (503),
   * running exports get {@code shutdown_grace_seconds} to finish; what is left is cancelled (the
   * open part is aborted, the run fails with 503 and its message is nacked for another replica).
   * Then everything is closed.
   */
  public void shutdown() throws Exception {
    shutdown(config.shutdownGracePeriod());
  }

  public void shutdown(Duration grace) throws Exception {
    LOG.info("shutting down: draining, running exports get up to {} s", grace.toSeconds());
    readiness.startDraining();
    Future<Void> pulling = pubsub == null ? Future.succeededFuture() : pubsub.stopPulling();
    Future<Void> idle = coordinator.drain();
    if (!finishes(idle, grace)) {
      int cancelled = await(coordinator.cancelAll(), Duration.ofSeconds(10));
      LOG.warn("shutdown: grace period over, cancelled {} running export(s)", cancelled);
      if (!finishes(idle, CANCEL_WAIT)) {
        int stuck = await(coordinator.interruptAll(), Duration.ofSeconds(10));
        LOG.warn("shutdown: interrupted {} export(s) stuck in I/O", stuck);
        if (!finishes(idle, INTERRUPT_WAIT)) {
          LOG.error("shutdown: exports did not stop; exiting anyway");
        }
      }
    }
    // Leased messages were acked or nacked by now; give the client a moment to send them.
    finishes(pulling, Duration.ofSeconds(30));
    close();
  }

  private static boolean finishes(Future<?> future, Duration timeout) {
    try {
      await(future, timeout);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  /** Waits for a Vert.x future from a non-Vert.x thread (CLI main), never forever. */
  public static <T> T await(Future<T> future, Duration timeout) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      await(vertx.close(), Duration.ofSeconds(60));
    } finally {
      engine.close();
    }
  }
}
