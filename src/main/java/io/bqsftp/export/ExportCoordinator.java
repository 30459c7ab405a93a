package io.bqsftp.export;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.config.TriggerConfig;
import io.bqsftp.ops.LogContext;
import io.bqsftp.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place runs start. Consumes {@link #ADDRESS} (reply when the run ends) and
 * {@link #START_ADDRESS} (reply as soon as the run is registered); a request for an export and date
 * that is already running joins that run. Runs execute on a worker pool bounded by
 * {@code max_concurrent_exports}, so the event loop only routes messages. Every run is recorded in
 * the {@link RunRegistry}, reported on {@link RunEvents#ADDRESS} and counted in {@link Metrics}.
 * The contract is in docs/event-bus.md.
 */
public final class ExportCoordinator extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ExportCoordinator.class);

  /** Request/reply: body {@link ExportRequest#toJson()}, reply {@link ExportResult#toJson()}. */
  public static final String ADDRESS = "export.run";
  /** Request/reply: same body, reply {@code {"run_id", "status": "running", ..., "joined"}} at once. */
  public static final String START_ADDRESS = "export.start";
  /** Publish: run events, see {@link RunEvents}. */
  public static final String EVENTS_ADDRESS = RunEvents.ADDRESS;

  static final String CANCELLED = "cancelled: the service shut down before the run finished";

  private final ServiceConfig config;
  private final RunExecutor executor;
  private final Clock clock;
  private final RunRegistry registry;
  private final Optional<Metrics> metrics;
  // Touched only on this verticle's event loop.
  private final Map<String, ActiveRun> running = new HashMap<>();
  private boolean draining;
  private Promise<Void> idle;
  private WorkerExecutor workers;
  private RunEvents events;

  /** Runs a plan to its end on the calling (worker) thread. */
  @FunctionalInterface
  public interface RunExecutor {
    ExportResult run(RunPlan plan, RunProgress progress);
  }

  /** A run in progress: what the registry shows, how to stop it, and its outcome. */
  private record ActiveRun(RunRecord record, RunCancellation cancellation, Future<ExportResult> outcome) {}

  public ExportCoordinator(ServiceConfig config, RunExecutor executor, Clock clock) {
    this(config, executor, clock, registryFor(config, clock), Optional.empty());
  }

  public ExportCoordinator(
      ServiceConfig config, RunExecutor executor, Clock clock, RunRegistry registry, Optional<Metrics> metrics) {
    this.config = config;
    this.executor = executor;
    this.clock = clock;
    this.registry = registry;
    this.metrics = metrics;
  }

  /** A registry sized by {@code run_history.*}. */
  public static RunRegistry registryFor(ServiceConfig config, Clock clock) {
    TriggerConfig triggers = config.triggers();
    return new RunRegistry(triggers.runHistorySize(), triggers.runHistoryRetention(), clock);
  }

  public RunRegistry registry() {
    return registry;
  }

  @Override
  public Future<?> start() {
    workers =
        vertx.createSharedWorkerExecutor(
            "bqsftp-export", Math.max(1, config.maxConcurrentExports()), 24, TimeUnit.HOURS);
    events = new RunEvents(vertx.eventBus(), RunEvents.DEFAULT_PROGRESS_INTERVAL);
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(ADDRESS, this::onRun).completion(),
        vertx.eventBus().<JsonObject>consumer(START_ADDRESS, this::onStart).completion());
  }

  @Override
  public Future<?> stop() {
    return workers == null ? Future.succeededFuture() : workers.close();
  }

  /**
   * Refuses new runs from now on (503) and completes once no run is left. Callable from any
   * thread (the shutdown hook).
   */
  public Future<Void> drain() {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(v -> {
      draining = true;
      if (idle == null) {
        idle = Promise.promise();
      }
      idle.future().onComplete(drained);
      completeIfIdle();
    });
    return drained.future();
  }

  /**
   * Stops every run still going at its next chunk; each ends as failed with status 503 after its
   * open part was aborted. Any thread. Returns how many runs were asked to stop.
   */
  public Future<Integer> cancelAll() {
    return forEachRunning(RunCancellation::cancel);
  }

  /** For runs that ignored {@link #cancelAll()} (stuck in I/O): interrupts their threads. */
  public Future<Integer> interruptAll() {
    return forEachRunning(RunCancellation::interrupt);
  }

  private Future<Integer> forEachRunning(java.util.function.Consumer<RunCancellation> action) {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(v -> {
      List<ActiveRun> left = List.copyOf(running.values());
      left.forEach(run -> action.accept(run.cancellation()));
      done.complete(left.size());
    });
    return done.future();
  }

  private void onRun(Message<JsonObject> message) {
    ActiveRun run;
    try {
      run = startOrJoin(message.body());
    } catch (RequestException e) {
      message.fail(e.status(), e.toJson().encode());
      return;
    }
    run.outcome()
        .onSuccess(result -> {
          if (result.succeeded()) {
            message.reply(result.toJson());
          } else {
            message.fail(failureStatus(result), result.toJson().encode());
          }
        })
        .onFailure(e -> message.fail(500, new JsonObject().put("error", "run could not start").put("status", 500).encode()));
  }

  private void onStart(Message<JsonObject> message) {
    try {
      int before = running.size();
      ActiveRun run = startOrJoin(message.body());
      message.reply(run.record().identity()
          .put("status", run.record().status().text())
          .put("started_at", run.record().startedAt().toString())
          .put("joined", running.size() == before));
    } catch (RequestException e) {
      message.fail(e.status(), e.toJson().encode());
    }
  }

  /**
   * The HTTP status a failed run stands for: 502 upstream, 409 running on another replica (or files
   * in the way of an export whose if_exists is fail), 400 a
   * setting BigQuery rejected, 503 cancelled by shutdown, else 500.
   */
  public static int failureStatus(ExportResult result) {
    return result.failure()
        .map(f -> f.message().equals(CANCELLED) ? 503
            : f.stage() == RunFailure.Stage.CONFLICT || f.stage() == RunFailure.Stage.EXISTS ? 409
            : f.stage() == RunFailure.Stage.CONFIG ? 400
            : f.upstream() ? 502 : 500)
        .orElse(500);
  }

  private ActiveRun startOrJoin(JsonObject body) {
    ExportRequest request = ExportRequest.fromJson(body);
    ExportConfig export =
        config
            .export(request.exportName())
            .orElseThrow(() -> new RequestException(404, "export_name: unknown export \"" + request.exportName() + "\""));
    if (draining) {
      throw new RequestException(503, "service: shutting down, not starting new runs");
    }
    LocalDate date = request.date().orElseGet(() -> LocalDate.now(clock));
    return startOrJoin(export, date);
  }

  /** Starts a run, or returns the one already running for this export and date. */
  private ActiveRun startOrJoin(ExportConfig export, LocalDate date) {
    String key = RunPlan.key(export.name(), date);
    ActiveRun existing = running.get(key);
    if (existing != null) {
      return existing;
    }
    RunPlan plan = RunPlan.of(export, date);
    RunRecord record = new RunRecord(plan.runId(), export.name(), date, clock.instant());
    RunCancellation cancellation = new RunCancellation();
    registry.add(record);
    events.started(record);
    Future<ExportResult> outcome =
        workers.executeBlocking(() -> execute(plan, record, cancellation), false);
    ActiveRun run = new ActiveRun(record, cancellation, outcome);
    running.put(key, run);
    outcome.onComplete(done -> {
      running.remove(key);
      ExportResult result = done.succeeded() ? done.result() : failed(plan, record, done.cause());
      registry.finished(record, result);
      events.finished(record, result);
      completeIfIdle();
    });
    return run;
  }

  /** The run itself, on a worker thread. */
  private ExportResult execute(RunPlan plan, RunRecord record, RunCancellation cancellation) {
    String name = plan.export().name();
    if (!cancellation.enter()) {
      return cancelled(plan, record);
    }
    try (LogContext ignored = LogContext.forRun(name, plan.runId())) {
      metrics.ifPresent(m -> m.runStarted(name));
      LOG.info("run {} started: export {} for {}", plan.runId(), name, plan.runDate());
      ExportResult result;
      try {
        result = executor.run(plan, progress(name, record, cancellation));
      } catch (RuntimeException | Error e) {
        result = failed(plan, record, e);
      }
      if (cancellation.cancelled() && !result.succeeded()) {
        result = withFailure(result, new RunFailure(RunFailure.Stage.INTERNAL, CANCELLED));
      }
      recordMetrics(result);
      LOG.info("run {} {}: {} rows, {} file(s), {} ms", plan.runId(), result.status().text(),
          result.rows(), result.files().size(), result.duration().toMillis());
      return result;
    } finally {
      cancellation.leave();
    }
  }

  /** What a running export reports: to its record, the events address and the metrics. */
  private RunProgress progress(String export, RunRecord record, RunCancellation cancellation) {
    return new RunProgress() {
      @Override
      public void rowsWritten(long rows, long csvBytes) {
        record.addProgress(rows, csvBytes);
        events.progress(record);
        cancellation.throwIfCancelled();
      }

      @Override
      public void bytesRead(long bytes) {
        metrics.ifPresent(m -> m.readBytes(bytes));
      }

      @Override
      public void uploadFailed(boolean connectionLost) {
        metrics.ifPresent(m -> {
          m.uploadError(export);
          if (connectionLost) {
            m.sftpConnectionError();
          }
        });
      }
    };
  }

  private void recordMetrics(ExportResult result) {
    metrics.ifPresent(m -> {
      String export = result.exportName();
      m.rowsExported(export, result.rows());
      m.bytesExported(export, result.bytes(), result.csvBytes());
      result.files().forEach(f -> m.fileLanded(export));
      m.runFinished(export, result.status().text(), result.duration());
    });
  }

  private void completeIfIdle() {
    if (draining && running.isEmpty() && idle != null) {
      idle.tryComplete();
    }
  }

  private ExportResult cancelled(RunPlan plan, RunRecord record) {
    return new ExportResult(plan.runId(), plan.export().name(), plan.runDate(), RunStatus.FAILED, 0,
        List.of(), record.startedAt(), clock.instant(),
        Optional.of(new RunFailure(RunFailure.Stage.INTERNAL, CANCELLED)), List.of(), Optional.empty());
  }

  private ExportResult failed(RunPlan plan, RunRecord record, Throwable error) {
    LOG.error("run {} failed unexpectedly", plan.runId(), error);
    return new ExportResult(plan.runId(), plan.export().name(), plan.runDate(), RunStatus.FAILED, 0,
        List.of(), record.startedAt(), clock.instant(), Optional.of(RunFailure.of(error)), List.of(),
        Optional.empty());
  }

  private static ExportResult withFailure(ExportResult r, RunFailure failure) {
    return new ExportResult(r.runId(), r.exportName(), r.runDate(), RunStatus.FAILED, r.rows(),
        r.files(), r.startedAt(), r.completedAt(), Optional.of(failure), r.staged(), r.ledgerError());
  }
}
