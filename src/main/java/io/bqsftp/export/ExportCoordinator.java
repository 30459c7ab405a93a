package io.bqsftp.export;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one place runs start. Consumes {@link #ADDRESS}; a request for an export and date that is
 * already running joins that run. Runs execute on a worker pool bounded by
 * {@code max_concurrent_exports}, so the event loop only routes messages.
 */
public final class ExportCoordinator extends VerticleBase {
  public static final String ADDRESS = "export.run";

  private final ServiceConfig config;
  private final RunExecutor executor;
  private final Clock clock;
  // Touched only on this verticle's event loop.
  private final Map<String, Future<ExportResult>> running = new HashMap<>();
  private WorkerExecutor workers;

  /** Runs a plan to its end on the calling (worker) thread. */
  @FunctionalInterface
  public interface RunExecutor {
    ExportResult run(RunPlan plan, RunProgress progress);
  }

  public ExportCoordinator(ServiceConfig config, RunExecutor executor, Clock clock) {
    this.config = config;
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    workers =
        vertx.createSharedWorkerExecutor(
            "bqsftp-export", Math.max(1, config.maxConcurrentExports()), 24, TimeUnit.HOURS);
    return vertx.eventBus().<JsonObject>consumer(ADDRESS, this::onRequest).completion();
  }

  @Override
  public Future<?> stop() {
    return workers == null ? Future.succeededFuture() : workers.close();
  }

  private void onRequest(Message<JsonObject> message) {
    ExportRequest request;
    ExportConfig export;
    try {
      request = ExportRequest.fromJson(message.body());
      export =
          config
              .export(request.exportName())
              .orElseThrow(() -> new RequestException(404, "export_name: unknown export \"" + request.exportName() + "\""));
    } catch (RequestException e) {
      message.fail(e.status(), e.toJson().encode());
      return;
    }
    LocalDate date = request.date().orElseGet(() -> LocalDate.now(clock));
    start(export, date)
        .onSuccess(result -> {
          if (result.succeeded()) {
            message.reply(result.toJson());
          } else {
            int status = result.failure().map(f -> f.upstream() ? 502 : 500).orElse(500);
            message.fail(status, result.toJson().encode());
          }
        })
        .onFailure(e -> message.fail(500, new JsonObject().put("error", "run could not start").encode()));
  }

  /** Starts a run, or returns the one already running for this export and date. */
  public Future<ExportResult> start(ExportConfig export, LocalDate date) {
    String key = RunPlan.key(export.name(), date);
    Future<ExportResult> existing = running.get(key);
    if (existing != null) {
      return existing;
    }
    RunPlan plan = RunPlan.of(export, date);
    Future<ExportResult> run = workers.executeBlocking(() -> executor.run(plan, RunProgress.NONE), false);
    running.put(key, run);
    run.onComplete(done -> running.remove(key));
    return run;
  }
}
