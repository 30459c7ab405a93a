package io.bqsftp.trigger;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.ExportClient;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.contract.RequestException;
import io.bqsftp.export.RunRegistry;
import io.bqsftp.ops.HealthChecks;
import io.bqsftp.ops.MetricsSetup;
import io.bqsftp.ops.ReadinessState;
import io.bqsftp.recovery.RecoveryServices;
import io.bqsftp.ui.OpenApiRoute;
import io.bqsftp.ui.StatusPage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP entry point. The seed's contract: {@code POST /} with a direct body or a Pub/Sub push
 * envelope runs an export and answers with its result; {@code GET /health} answers while the
 * process is up. With {@link Api} it also serves the run API ({@link RunsApi}), liveness and
 * readiness, {@code /metrics} and the optional bearer token. It only translates requests onto the
 * event bus; the coordinator does the work.
 */
public final class HttpTrigger extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTrigger.class);
  /** Trigger bodies are tiny; anything larger is refused before it is read whole. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  /** What the routes beyond the seed's need. */
  public record Api(ServiceConfig config, RunRegistry registry, ReadinessState readiness,
      Optional<MetricsSetup> metrics, Optional<RecoveryServices> recovery) {}

  private final int port;
  private final Optional<Api> api;
  /** Stamps each request's arrival: the date of a request without one. */
  private final Clock clock;
  private HttpServer server;

  /** Only the seed's routes. */
  public HttpTrigger(int port) {
    this(port, Optional.empty(), Clock.systemUTC());
  }

  /** Only the seed's routes, arrivals read from {@code clock}. */
  public HttpTrigger(int port, Clock clock) {
    this(port, Optional.empty(), clock);
  }

  public HttpTrigger(int port, Api api) {
    this(port, Optional.of(api), Clock.systemUTC());
  }

  public HttpTrigger(int port, Api api, Clock clock) {
    this(port, Optional.of(api), clock);
  }

  private HttpTrigger(int port, Optional<Api> api, Clock clock) {
    this.port = port;
    this.api = api;
    this.clock = clock;
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    Router router = router();
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(port);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The routes, so other verticles can mount more on the same router. */
  public Router router() {
    Router router = Router.router(vertx);
    var client = new ExportClient(vertx);
    api.flatMap(a -> a.config().triggers().authToken())
        .ifPresent(token -> router.route().handler(new BearerAuth(token)));
    router.get("/health").handler(ctx -> HttpJson.reply(ctx, 200, new JsonObject().put("status", "ok")));
    RequestBodies.readJsonBodies(router.post("/"));
    router.post("/").handler(ctx -> runExport(ctx, client));
    api.ifPresent(a -> {
      HealthChecks.mount(router, vertx, a.readiness());
      a.metrics().ifPresent(m -> m.mount(router));
      new RunsApi(a.config(), a.registry(), a.readiness(), client, clock).mount(router);
      a.recovery().ifPresent(r -> new RetryRoutes(vertx, r).mount(router));
      new StatusPage(vertx, a.config(), a.registry(), a.recovery().map(RecoveryServices::ledger)).mount(router);
      new OpenApiRoute().mount(router);
    });
    router.route().failureHandler(this::failure);
    // Requests that match no route never reach a failure handler: the router's error handlers.
    router.errorHandler(404, this::failure);
    router.errorHandler(405, this::failure);
    return router;
  }

  private void runExport(RoutingContext ctx, ExportClient client) {
    if (api.map(a -> a.readiness().draining()).orElse(false)) {
      HttpJson.error(ctx, 503, "service: shutting down, not starting new runs");
      return;
    }
    ExportRequest request;
    try {
      request = TriggerBodies.parse(ctx.body().buffer(), ctx.request().getHeader(TriggerBodies.SCHEDULE_TIME_HEADER),
          clock.instant())
          .withTrace(CloudTrace.of(api.flatMap(a -> a.config().triggers().traceProject()), ctx.request()));
    } catch (RequestException e) {
      HttpJson.reply(ctx, e.status(), e.toJson());
      return;
    }
    client
        .run(request)
        .onSuccess(result -> HttpJson.reply(ctx, 200, result))
        .onFailure(e -> HttpJson.reply(ctx, ExportClient.failureStatus(e), ExportClient.failureBody(e)));
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String message =
        switch (status) {
          case 413 -> "body: larger than " + MAX_BODY_BYTES + " bytes";
          case 415 -> "content-type: must be application/json";
          case 404 -> "no such endpoint";
          case 405 -> "method not allowed";
          case 400 -> "bad request";
          default -> "internal error";
        };
    if (status >= 500 && ctx.failure() != null) {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    HttpJson.error(ctx, status, message);
  }

}
