package io.bqsftp.trigger;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.ExportClient;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.contract.RequestException;
import io.bqsftp.export.RunRegistry;
import io.bqsftp.ops.ReadinessState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * The run API next to the seed's {@code POST /}: start a run with or without waiting, look a run up,
 * list the configured exports (never their secrets). Runs are requested on the event bus like every
 * trigger; lookups read the coordinator's {@link RunRegistry}.
 */
final class RunsApi {
  private final ServiceConfig config;
  private final RunRegistry registry;
  private final ReadinessState readiness;
  private final ExportClient client;
  private final Clock clock;

  RunsApi(ServiceConfig config, RunRegistry registry, ReadinessState readiness, ExportClient client, Clock clock) {
    this.config = config;
    this.registry = registry;
    this.readiness = readiness;
    this.client = client;
    this.clock = clock;
  }

  void mount(Router router) {
    RequestBodies.readJsonBodies(router.post("/exports/:name/runs"));
    router.post("/exports/:name/runs").handler(this::startRun);
    router.get("/runs/:run_id").handler(this::getRun);
    router.get("/exports").handler(this::listExports);
  }

  private void startRun(RoutingContext ctx) {
    if (readiness.draining()) {
      HttpJson.error(ctx, 503, "service: shutting down, not starting new runs");
      return;
    }
    ExportRequest request;
    boolean wait;
    try {
      wait = waitParam(ctx.queryParam("wait").isEmpty() ? null : ctx.queryParam("wait").get(0));
      request = request(ctx.pathParam("name"), ctx).requestedAtIfUnset(clock.instant())
          .withTrace(CloudTrace.of(config.triggers().traceProject(), ctx.request()));
    } catch (RequestException e) {
      HttpJson.reply(ctx, e.status(), e.toJson());
      return;
    }
    if (wait) {
      client.run(request)
          .onSuccess(result -> HttpJson.reply(ctx, 200, result))
          .onFailure(e -> failed(ctx, e));
      return;
    }
    client.start(request)
        .onSuccess(started -> {
          ctx.response().putHeader("Location", "/runs/" + started.getString("run_id"));
          HttpJson.reply(ctx, 202, started);
        })
        .onFailure(e -> failed(ctx, e));
  }

  private static void failed(RoutingContext ctx, Throwable e) {
    int status = ExportClient.failureStatus(e);
    HttpJson.reply(ctx, status, HttpJson.withStatus(ExportClient.failureBody(e), status));
  }

  static boolean waitParam(String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new RequestException(400, "wait: must be true or false");
  }

  /** The export from the path, the optional date from an optional JSON body {@code {"date": ...}}. */
  private static ExportRequest request(String exportName, RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    JsonObject json = new JsonObject();
    if (body != null && body.length() > 0 && !body.toString().isBlank()) {
      if (!JsonContentType.isJson(ctx.request().getHeader("content-type"))) {
        throw new RequestException(415, "content-type: must be application/json");
      }
      Object value;
      try {
        value = Json.decodeValue(body);
      } catch (DecodeException e) {
        throw new RequestException(400, "body: is not valid JSON");
      }
      if (!(value instanceof JsonObject object)) {
        throw new RequestException(400, "body: must be a JSON object such as {\"date\": \"YYYY-MM-DD\"}");
      }
      for (String key : object.fieldNames()) {
        if (!key.equals("date")) {
          throw new RequestException(400, "body: unknown key \"" + shorten(key) + "\" (only \"date\" is accepted)");
        }
      }
      json = object;
    }
    return ExportRequest.fromJson(json.copy().put("export_name", exportName));
  }

  private void getRun(RoutingContext ctx) {
    registry.get(ctx.pathParam("run_id")).ifPresentOrElse(
        run -> HttpJson.reply(ctx, 200, run.toJson()),
        () -> HttpJson.error(ctx, 404, "run_id: unknown run (finished runs are kept for a limited time)"));
  }

  private void listExports(RoutingContext ctx) {
    JsonArray exports = new JsonArray();
    config.exports().values().forEach(e -> exports.add(describe(e)
        .put("destination", io.bqsftp.recovery.RecoveryServices.destinationUri(config, e))
        .put("sftp_username", config.sftpFor(e).username())));
    HttpJson.reply(ctx, 200, new JsonObject().put("exports", exports));
  }

  /** What a caller may see of an export: where it reads and writes, never credentials. */
  static JsonObject describe(ExportConfig export) {
    return new JsonObject()
        .put("name", export.name())
        .put("source_table", export.sourceTable())
        .put("export_type", export.exportType().key())
        .put("date_column", export.dateColumn().orElse(null))
        .put("days_lookback", export.daysLookback())
        .put("compress", export.compress())
        .put("directory", export.directory())
        .put("file_name_template", export.fileNameTemplate());
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
