package io.bqsftp.trigger;

import io.bqsftp.recovery.RecoveryServices;
import io.bqsftp.recovery.RunCheck;
import io.bqsftp.recovery.RunReconcile;
import io.bqsftp.recovery.RunRetry;
import io.bqsftp.config.ConfigDef;
import io.bqsftp.ops.LogContext;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for retry and verify, on any router:
 *
 * <ul>
 *   <li>{@code POST /exports/{name}/runs/{date}/retry}: 200 when every file of the run has landed
 *       (also when it already had), 404 unknown export or no run, 409 run not finished, 502 when
 *       files still did not land; the body is the retry report.
 *   <li>{@code GET /exports/{name}/runs/{date}/verify}: 200 when the server matches the ledger, 409
 *       otherwise; the body is the check report.
 *   <li>{@code POST /exports/{name}/runs/{date}/reconcile}: verify after delivering journaled
 *       history and recording a run whose files all landed but whose end was lost ({@link RunReconcile}).
 * </ul>
 *
 * The work (SFTP, ledger, staging) runs on a worker thread, never the event loop.
 */
public final class RetryRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(RetryRoutes.class);

  private final WorkerExecutor workers;
  private final RunRetry retry;
  private final RunCheck check;
  private final RunReconcile reconcile;

  public RetryRoutes(Vertx vertx, RecoveryServices services) {
    // Re-sending staged parts of a large export takes far longer than the default worker pool's
    // 60 s blocked-thread limit: a pool of its own with a limit that fits.
    this.workers = vertx.createSharedWorkerExecutor("bqsftp-recovery", 2, 6, TimeUnit.HOURS);
    this.retry = new RunRetry(services, Clock.systemUTC());
    this.check = new RunCheck(services);
    this.reconcile = new RunReconcile(services, Clock.systemUTC());
  }

  /** Adds the routes to {@code router}. */
  public Router mount(Router router) {
    router.post("/exports/:name/runs/:date/retry").handler(this::retry);
    router.get("/exports/:name/runs/:date/verify").handler(this::verify);
    router.post("/exports/:name/runs/:date/reconcile").handler(this::reconcile);
    return router;
  }

  private void retry(RoutingContext ctx) {
    Request request = parse(ctx);
    if (request == null) {
      return;
    }
    workers.executeBlocking(() -> {
          try (LogContext ignored = LogContext.forExport(request.name())) {
            return retry.retry(request.name(), request.date());
          }
        }, false)
        .onSuccess(report -> {
          int status = switch (report.outcome()) {
            case NO_RUN -> 404;
            case NOT_FINISHED -> 409;
            default -> report.succeeded() ? 200 : 502;
          };
          HttpJson.reply(ctx, status, report.toJson());
        })
        .onFailure(e -> failed(ctx, e));
  }

  private void verify(RoutingContext ctx) {
    Request request = parse(ctx);
    if (request == null) {
      return;
    }
    workers.executeBlocking(() -> {
          try (LogContext ignored = LogContext.forExport(request.name())) {
            return check.check(request.name(), request.date());
          }
        }, false)
        .onSuccess(report -> HttpJson.reply(ctx, report.ok() ? 200 : 409, report.toJson()))
        .onFailure(e -> failed(ctx, e));
  }

  private void reconcile(RoutingContext ctx) {
    Request request = parse(ctx);
    if (request == null) {
      return;
    }
    workers.executeBlocking(() -> {
          try (LogContext ignored = LogContext.forExport(request.name())) {
            return reconcile.reconcile(request.name(), request.date());
          }
        }, false)
        .onSuccess(report -> HttpJson.reply(ctx, report.ok() ? 200 : 409, report.toJson()))
        .onFailure(e -> failed(ctx, e));
  }

  private record Request(String name, LocalDate date) {}

  /** Validates the path parameters; answers 400 and returns null when they are bad. */
  private static Request parse(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String date = ctx.pathParam("date");
    if (name == null || !ConfigDef.EXPORT_NAME.matcher(name).matches()) {
      HttpJson.error(ctx, 400, "export_name: must match " + ConfigDef.EXPORT_NAME.pattern());
      return null;
    }
    try {
      return new Request(name, LocalDate.parse(date));
    } catch (DateTimeParseException | NullPointerException e) {
      HttpJson.error(ctx, 400, "date: must be YYYY-MM-DD");
      return null;
    }
  }

  private static void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof IllegalArgumentException) {
      HttpJson.error(ctx, 404, e.getMessage());
      return;
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), e);
    HttpJson.error(ctx, 500, "internal error");
  }

}
