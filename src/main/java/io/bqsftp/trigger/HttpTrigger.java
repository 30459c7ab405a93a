package io.bqsftp.trigger;

import io.bqsftp.export.ExportClient;
import io.bqsftp.export.ExportRequest;
import io.bqsftp.export.RequestException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's HTTP contract: {@code POST /} with a direct body or a Pub/Sub push envelope runs an
 * export and answers with its result; {@code GET /health} answers while the process is up. It only
 * translates requests onto the event bus; the coordinator does the work.
 */
public final class HttpTrigger extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTrigger.class);
  /** Trigger bodies are tiny; anything larger is refused before it is read whole. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  private final int port;
  private HttpServer server;

  public HttpTrigger(int port) {
    this.port = port;
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

  /** The routes, so other verticles (issue: extra endpoints) can mount more on the same router. */
  public Router router() {
    Router router = Router.router(vertx);
    var client = new ExportClient(vertx);
    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "ok")));
    router.post("/").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.post("/").handler(ctx -> runExport(ctx, client));
    router.route().failureHandler(this::failure);
    // Requests that match no route never reach a failure handler: the router's error handlers.
    router.errorHandler(404, this::failure);
    router.errorHandler(405, this::failure);
    return router;
  }

  private void runExport(RoutingContext ctx, ExportClient client) {
    ExportRequest request;
    try {
      request = TriggerBodies.parse(ctx.body().buffer());
    } catch (RequestException e) {
      json(ctx, e.status(), e.toJson());
      return;
    }
    client
        .run(request)
        .onSuccess(result -> json(ctx, 200, result))
        .onFailure(e -> json(ctx, ExportClient.failureStatus(e), ExportClient.failureBody(e)));
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String message =
        switch (status) {
          case 413 -> "body: larger than " + MAX_BODY_BYTES + " bytes";
          case 404 -> "no such endpoint";
          case 405 -> "method not allowed";
          default -> "internal error";
        };
    if (status >= 500 && ctx.failure() != null) {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    json(ctx, status, new JsonObject().put("error", message).put("status", status));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.encode());
  }
}
