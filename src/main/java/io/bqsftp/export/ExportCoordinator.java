package io.bqsftp.export;

import io.bqsftp.contract.ExportRequest;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.contract.RequestException;
import io.bqsftp.contract.RunEvents;
import io.bqsftp.contract.RunFailure;
import io.bqsftp.contract.TrackedRun;
import io.bqsftp.contract.RunStatus;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.delivery.RunTriggers;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.config.TriggerConfig;
import io.bqsftp.ledger.Ledger;
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
import io.bqsftp.config.ExportType;
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
  /** What a 429 tells the caller to wait: about the time a short export takes. */
  static final int RETRY_AFTER_SECONDS = 60;

  private final ServiceConfig config;
  private final RunExecutor executor;
  private final Clock clock;
  private final RunRegistry registry;
  private final Optional<Metrics> metrics;
  // Touched only on this verticle's event loop.
  private final Map<String, Run> running = new HashMap<>();
  /** Per export and date, the run asked for while another was running: it starts when that one ends. */
  private final Map<String, Run> queued = new HashMap<>();
  private boolean draining;
  private Promise<Void> idle;
  private WorkerExecutor workers;
  /** History lookups are short reads: never queued behind hours-long runs. */
  private WorkerExecutor lookups;
  private Optional<Ledger> history = Optional.empty();
  private RunEvents events;

  /** Runs a plan to its end on the calling (worker) thread. */
  @FunctionalInterface
  public interface RunExecutor {
    ExportResult run(RunPlan plan, RunProgress progress);
  }

  /**
   * A run running or queued: what the registry shows, how to stop it, its outcome, and the trigger
   * ids (Pub/Sub message ids) of the requests it serves. Touched only on the event loop, but for
   * the cancellation.
   */
  private static final class Run {
    final RunPlan plan;
    final TrackedRun record;
    final RunCancellation cancellation = new RunCancellation();
    final Promise<ExportResult> outcome = Promise.promise();
    final RunTriggers triggerIds;
    /** The Cloud Trace of the request that started the run, for its log lines. */
    final Optional<String> trace;

    Run(RunPlan plan, TrackedRun record, Optional<String> trace) {
      this.plan = plan;
      this.record = record;
      this.trace = trace;
      this.triggerIds = plan.triggers();
    }
  }

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

  /**
   * Checks the export history before running a request with a trigger id (a Pub/Sub message id)
   * that no current run serves: when a succeeded run served it, the request is answered with that
   * run and nothing runs. Call before deploying.
   */
  public ExportCoordinator historyFrom(Ledger ledger) {
    this.history = Optional.of(ledger);
    return this;
  }

  public RunRegistry registry() {
    return registry;
  }

  @Override
  public Future<?> start() {
    workers =
        vertx.createSharedWorkerExecutor(
            "bqsftp-export", Math.max(1, config.maxConcurrentExports()), 24, TimeUnit.HOURS);
    lookups = vertx.createSharedWorkerExecutor("bqsftp-history-lookup", 2, 5, TimeUnit.MINUTES);
    events = new RunEvents(vertx.eventBus(), RunEvents.DEFAULT_PROGRESS_INTERVAL);
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(ADDRESS, this::onRun).completion(),
        vertx.eventBus().<JsonObject>consumer(START_ADDRESS, this::onStart).completion());
  }

  @Override
  public Future<?> stop() {
    if (lookups != null) {
      lookups.close();
    }
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
      List<Run> left = new java.util.ArrayList<>(running.values());
      left.addAll(queued.values());
      left.forEach(run -> action.accept(run.cancellation));
      done.complete(left.size());
    });
    return done.future();
  }

  private void onRun(Message<JsonObject> message) {
    attach(message.body()).onComplete(attached -> {
      if (attached.failed()) {
        fail(message, attached.cause());
        return;
      }
      Attached a = attached.result();
      if (a.done().isPresent()) {
        message.reply(a.done().get());
        return;
      }
      a.run().outcome.future()
          .onSuccess(result -> {
            if (result.succeeded()) {
              message.reply(result.toJson());
            } else {
              message.fail(failureStatus(result), result.toJson().encode());
            }
          })
          .onFailure(e -> message.fail(500, new JsonObject().put("error", "run could not start").put("status", 500).encode()));
    });
  }

  private void onStart(Message<JsonObject> message) {
    attach(message.body()).onComplete(attached -> {
      if (attached.failed()) {
        fail(message, attached.cause());
        return;
      }
      Attached a = attached.result();
      if (a.done().isPresent()) {
        message.reply(a.done().get().put("joined", true));
        return;
      }
      TrackedRun record = a.run().record;
      message.reply(record.identity()
          .put("status", record.status().text())
          .put("started_at", record.startedAt().toString())
          .put("joined", a.joined()));
    });
  }

  private static void fail(Message<JsonObject> message, Throwable cause) {
    if (cause instanceof RequestException e) {
      message.fail(e.status(), e.toJson().encode());
    } else {
      LOG.error("request could not be handled", cause);
      message.fail(500, new JsonObject().put("error", "internal error").put("status", 500).encode());
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

  /**
   * A request attached to a run (a new one, or one it joined), or {@code done}: a request whose
   * trigger id a succeeded run in the export history already served.
   */
  private record Attached(Run run, boolean joined, Optional<JsonObject> done) {
    Attached(Run run, boolean joined) {
      this(run, joined, Optional.empty());
    }
  }

  /**
   * {@link #startOrJoin}, after asking the export history (off the event loop) whether a request
   * with a trigger id that no current run serves was served already: a Pub/Sub redelivery of a
   * message whose run succeeded, here or on another replica, before or after a restart.
   */
  private Future<Attached> attach(JsonObject body) {
    ExportRequest request;
    try {
      request = ExportRequest.fromJson(body);
      validate(request);
    } catch (RequestException e) {
      return Future.failedFuture(e);
    }
    Optional<String> trigger = request.triggerId();
    String key = RunPlan.key(request.exportName(), request.runDate(clock.instant()));
    if (history.isEmpty() || trigger.isEmpty() || serves(running.get(key), trigger.get())
        || serves(queued.get(key), trigger.get())) {
      return startOrJoinNow(request);
    }
    Ledger ledger = history.get();
    return lookups.executeBlocking(() -> ledger.succeededRunFor(request.exportName(), trigger.get()), false)
        .recover(e -> {
          // Without history this request may run twice; never drop it.
          LOG.warn("export history not readable to check trigger {}: {}", trigger.get(), e.toString());
          return Future.succeededFuture(Optional.empty());
        })
        .compose(found -> {
          if (found.isPresent() && found.get().runDate().equals(request.runDate(clock.instant()))) {
            io.bqsftp.ledger.LedgerEntry run = found.get();
            try (LogContext ignored = LogContext.forRun(run.exportName(), run.runId())) {
              LOG.info("trigger {} was served by run {} which succeeded: nothing to do", trigger.get(), run.runId());
            }
            metrics.ifPresent(m -> m.duplicateRequest(run.exportName()));
            return Future.succeededFuture(new Attached(null, true, Optional.of(new JsonObject()
                .put("run_id", run.runId())
                .put("export_name", run.exportName())
                .put("date", run.runDate().toString())
                .put("status", RunStatus.SUCCEEDED.text())
                .put("rows", run.rowsExported())
                .put("started_at", run.startedAt().toString())
                .put("completed_at", run.completedAt().map(Object::toString).orElse(null))
                .put("duplicate", true))));
          }
          return startOrJoinNow(request);
        });
  }

  private Future<Attached> startOrJoinNow(ExportRequest request) {
    try {
      return Future.succeededFuture(startOrJoin(request));
    } catch (RequestException e) {
      return Future.failedFuture(e);
    }
  }

  private static boolean serves(Run run, String trigger) {
    return run != null && run.triggerIds.contains(trigger);
  }

  /** Throws the 4xx/503 a request gets before any run is looked at. */
  private void validate(ExportRequest request) {
    ExportConfig export = config.export(request.exportName())
        .orElseThrow(() -> new RequestException(404, "export_name: unknown export \"" + request.exportName() + "\""));
    if (draining) {
      throw new RequestException(503, "service: shutting down, not starting new runs");
    }
    LocalDate date = request.runDate(clock.instant());
    if (export.exportType() == ExportType.DATE_RANGE
        && date.minusDays(export.daysLookback()).isBefore(ExportRequest.MIN_DATE)) {
      throw new RequestException(400, "date: with days_lookback " + export.daysLookback() + " the window of " + date
          + " starts before 0001-01-01, the first day BigQuery has");
    }
  }

  /**
   * One run per export and date at a time. A request joins the run of its export and date when it
   * is a duplicate of a request that run serves (same trigger id), or when it was made before that
   * run was registered (the run reads data at least as fresh as the request asked for). A request
   * made after that asks for a new export: it waits for the run to end and then runs, once for all
   * such requests.
   */
  private Attached startOrJoin(ExportRequest request) {
    validate(request); // again: the service may have started draining during a history lookup
    ExportConfig export = config.export(request.exportName()).orElseThrow();
    LocalDate date = request.runDate(clock.instant());
    String key = RunPlan.key(export.name(), date);
    Run current = running.get(key);
    Run next = queued.get(key);
    Optional<String> trigger = request.triggerId();
    if (trigger.isPresent()) {
      for (Run run : new Run[] {current, next}) {
        if (run != null && run.triggerIds.contains(trigger.get())) {
          return new Attached(run, true);
        }
      }
    }
    if (current == null) {
      Run run = register(export, date, request);
      launch(key, run);
      return new Attached(run, false);
    }
    boolean askedBeforeCurrent = request.requestedAt().map(at -> !at.isAfter(current.record.startedAt())).orElse(true);
    Run target = askedBeforeCurrent ? current : next;
    if (target != null) {
      trigger.ifPresent(target.triggerIds::add);
      return new Attached(target, true);
    }
    Run followUp = register(export, date, request);
    queued.put(key, followUp);
    try (LogContext ignored = LogContext.forRun(export.name(), followUp.plan.runId())) {
      LOG.info("run {} of export {} for {} queued: asked for after run {} started", followUp.plan.runId(),
          export.name(), date, current.plan.runId());
    }
    return new Attached(followUp, false);
  }

  /** A new run, registered and announced; refused with 429 when too many are running or waiting. */
  private Run register(ExportConfig export, LocalDate date, ExportRequest request) {
    int capacity = Math.max(1, config.maxConcurrentExports()) + config.triggers().maxPendingRuns();
    if (running.size() + queued.size() >= capacity) {
      throw new RequestException(429, "service: " + capacity + " runs are running or waiting (max_concurrent_exports"
          + " + max_pending_runs); try again later", RETRY_AFTER_SECONDS);
    }
    RunPlan plan = RunPlan.of(export, date);
    Run run = new Run(plan, new TrackedRun(plan.runId(), export.name(), date, clock.instant()), request.trace());
    request.triggerId().ifPresent(run.triggerIds::add);
    registry.add(run.record);
    events.started(run.record);
    return run;
  }

  /** Hands the run to the worker pool; when it ends, the run queued behind it (if any) starts. */
  private void launch(String key, Run run) {
    running.put(key, run);
    workers.executeBlocking(() -> execute(run.plan, run.record, run.cancellation, run.trace), false)
        .onComplete(done -> {
          running.remove(key);
          complete(run, done.succeeded() ? done.result() : failed(run.plan, run.record, done.cause()));
          Run next = queued.remove(key);
          if (next != null) {
            if (draining) {
              complete(next, cancelled(next.plan, next.record));
            } else {
              launch(key, next);
            }
          }
          completeIfIdle();
        });
  }

  private void complete(Run run, ExportResult result) {
    registry.finished(run.record, result);
    events.finished(run.record, result);
    run.outcome.complete(result);
  }

  /** The run itself, on a worker thread. */
  private ExportResult execute(RunPlan plan, TrackedRun record, RunCancellation cancellation, Optional<String> trace) {
    String name = plan.export().name();
    if (!cancellation.enter()) {
      return cancelled(plan, record);
    }
    try (LogContext ignored = LogContext.forRun(name, plan.runId()).with(LogContext.TRACE, trace.orElse(null))) {
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
  private RunProgress progress(String export, TrackedRun record, RunCancellation cancellation) {
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
    if (draining && running.isEmpty() && queued.isEmpty() && idle != null) {
      idle.tryComplete();
    }
  }

  private ExportResult cancelled(RunPlan plan, TrackedRun record) {
    return new ExportResult(plan.runId(), plan.export().name(), plan.runDate(), RunStatus.FAILED, 0,
        List.of(), record.startedAt(), clock.instant(),
        Optional.of(new RunFailure(RunFailure.Stage.INTERNAL, CANCELLED)), List.of(), Optional.empty());
  }

  private ExportResult failed(RunPlan plan, TrackedRun record, Throwable error) {
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
