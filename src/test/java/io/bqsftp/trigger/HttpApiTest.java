package io.bqsftp.trigger;

import io.bqsftp.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.ops.Metrics;
import io.bqsftp.ops.MetricsSetup;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run API, health, metrics and bearer auth over a real HTTP server and client, with the real
 * engine exporting from the local BigQuery server to embedded SFTP. One test per status code.
 */
class HttpApiTest {
  static final String TOKEN = "t0ken-for-tests-only";
  static final long ROWS = 300;

  @TempDir Path dir;
  LocalStack stack;
  ServiceRuntime runtime;
  Metrics metrics;
  WebClient client;
  int port;

  @BeforeEach
  void start() throws Exception {
    stack = LocalStack.start(dir, ROWS);
    JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()
            .put("directory", "products")))
        .put("server", new JsonObject().put("port", 0))
        .put("auth", new JsonObject().put("token", TOKEN));
    metrics = new Metrics();
    // Built as serve builds it: Vert.x's meters and the service's in one registry.
    Vertx vertx = new MetricsSetup(metrics).createVertx(new VertxOptions());
    runtime = ServiceRuntime.start(vertx, ConfigLoader.fromJson(json, Map.of()),
        new ServiceRuntime.Options(true, false, Optional.of(metrics)));
    port = runtime.httpPort();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    runtime.close();
    metrics.close();
    stack.close();
  }

  private HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return client.request(method, port, "127.0.0.1", uri).putHeader("Authorization", "Bearer " + TOKEN);
  }

  private HttpResponse<Buffer> send(HttpRequest<Buffer> request) throws Exception {
    return Await.result(request.send(), 60);
  }

  private HttpResponse<Buffer> sendJson(HttpRequest<Buffer> request, String body) throws Exception {
    return Await.result(request.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)), 60);
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String errorStart) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).startsWith(errorStart);
  }

  private JsonObject awaitFinished(String runId) throws Exception {
    return Poll.value("run " + runId + " to finish", java.time.Duration.ofSeconds(60),
        () -> send(request(HttpMethod.GET, "/runs/" + runId)).bodyAsJsonObject(),
        run -> !run.getString("status").equals("running"));
  }

  @Test
  void startWithoutWaitingIs202WithLocationThenTheRunIsVisible() throws Exception {
    HttpResponse<Buffer> started = send(request(HttpMethod.POST, "/exports/product_data/runs"));

    assertThat(started.statusCode()).isEqualTo(202);
    JsonObject body = started.bodyAsJsonObject();
    String runId = body.getString("run_id");
    assertThat(body.getString("status")).isEqualTo("running");
    assertThat(body.getString("export_name")).isEqualTo("product_data");
    assertThat(started.getHeader("Location")).isEqualTo("/runs/" + runId);

    JsonObject run = awaitFinished(runId);
    assertThat(run.getString("status")).isEqualTo("succeeded");
    assertThat(run.getJsonObject("progress").getLong("rows")).isEqualTo(ROWS);
    assertThat(run.getJsonObject("progress").getInteger("files_landed")).isEqualTo(1);
    assertThat(run.getJsonObject("progress").getLong("csv_bytes")).isPositive();
    assertThat(run.getString("started_at")).isNotNull();
    assertThat(run.getJsonObject("result").getJsonArray("files")).hasSize(1);
  }

  @Test
  void waitTrueAnswersLikePostRoot() throws Exception {
    HttpResponse<Buffer> response =
        sendJson(request(HttpMethod.POST, "/exports/product_data/runs?wait=true"), "{\"date\":\"2025-03-17\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject result = response.bodyAsJsonObject();
    assertThat(result.getString("status")).isEqualTo("succeeded");
    assertThat(result.getString("date")).isEqualTo("2025-03-17");
    assertThat(result.getLong("rows")).isEqualTo(ROWS);
    assertThat(result.getJsonArray("files").getJsonObject(0).getString("path"))
        .isEqualTo("/outbound/products/product_data_20250317-000000000000.csv.gz");
  }

  @Test
  void badDateWaitOrKeyIs400() throws Exception {
    assertError(sendJson(request(HttpMethod.POST, "/exports/product_data/runs"), "{\"date\":\"17/03/2025\"}"),
        400, "date: must be a calendar date");
    assertError(send(request(HttpMethod.POST, "/exports/product_data/runs?wait=maybe")), 400, "wait: must be true or false");
    assertError(sendJson(request(HttpMethod.POST, "/exports/product_data/runs"), "{\"data\":\"2025-03-17\"}"),
        400, "body: unknown key \"data\"");
    assertError(sendJson(request(HttpMethod.POST, "/exports/product_data/runs"), "[1]"), 400, "body: must be a JSON object");
    assertError(sendJson(request(HttpMethod.POST, "/exports/product_data/runs"), "{nope"), 400, "body: is not valid JSON");
  }

  @Test
  void missingOrWrongTokenIs401WithChallengeAndHealthStaysOpen() throws Exception {
    HttpResponse<Buffer> missing = Await.result(client.post(port, "127.0.0.1", "/exports/product_data/runs").send());
    assertError(missing, 401, "authorization:");
    assertThat(missing.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(missing.bodyAsString()).doesNotContain(TOKEN);

    HttpResponse<Buffer> wrong = Await.result(client.get(port, "127.0.0.1", "/exports")
        .putHeader("Authorization", "Bearer " + TOKEN + "x").send());
    assertError(wrong, 401, "authorization:");
    assertError(Await.result(client.post(port, "127.0.0.1", "/")
        .putHeader("Authorization", "Basic " + TOKEN).sendJsonObject(new JsonObject().put("export_name", "product_data"))),
        401, "authorization:");
    assertError(Await.result(client.get(port, "127.0.0.1", "/metrics").send()), 401, "authorization:");

    assertThat(Await.result(client.get(port, "127.0.0.1", "/health").send()).statusCode()).isEqualTo(200);
    assertThat(Await.result(client.get(port, "127.0.0.1", "/health/live").send()).statusCode()).isEqualTo(200);
    assertThat(Await.result(client.get(port, "127.0.0.1", "/health/ready").send()).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownExportAndUnknownRunAre404() throws Exception {
    assertError(send(request(HttpMethod.POST, "/exports/nope/runs")), 404, "export_name: unknown export \"nope\"");
    assertError(send(request(HttpMethod.POST, "/exports/nope/runs?wait=true")), 404, "export_name: unknown export");
    assertError(send(request(HttpMethod.GET, "/runs/product_data-20250317-deadbeef")), 404, "run_id: unknown run");
    assertError(send(request(HttpMethod.GET, "/nowhere")), 404, "no such endpoint");
  }

  @Test
  void wrongMethodIs405() throws Exception {
    assertError(send(request(HttpMethod.DELETE, "/exports")), 405, "method not allowed");
    assertError(send(request(HttpMethod.GET, "/exports/product_data/runs")), 405, "method not allowed");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    assertError(sendJson(request(HttpMethod.POST, "/exports/product_data/runs"),
        "{\"date\":\"" + "x".repeat(100_000) + "\"}"), 413, "body: larger than");
  }

  @Test
  void nonJsonBodyIs415ButAnEmptyBodyNeedsNoContentType() throws Exception {
    HttpResponse<Buffer> text = Await.result(request(HttpMethod.POST, "/exports/product_data/runs")
        .putHeader("content-type", "text/plain").sendBuffer(Buffer.buffer("date=2025-03-17")));
    assertError(text, 415, "content-type: must be application/json");

    HttpResponse<Buffer> charset = Await.result(request(HttpMethod.POST, "/exports/product_data/runs")
        .putHeader("content-type", "application/json; charset=utf-8").sendBuffer(Buffer.buffer("{\"date\":\"2025-03-18\"}")));
    assertThat(charset.statusCode()).isEqualTo(202);
    awaitFinished(charset.bodyAsJsonObject().getString("run_id"));
  }

  @Test
  void drainingRefusesNewRunsWith503AndReadinessGoesDown() throws Exception {
    runtime.readiness().startDraining();

    assertError(send(request(HttpMethod.POST, "/exports/product_data/runs")), 503, "service: shutting down");
    assertError(sendJson(request(HttpMethod.POST, "/"), "{\"export_name\":\"product_data\"}"), 503, "service: shutting down");
    assertThat(send(request(HttpMethod.GET, "/health/ready")).statusCode()).isEqualTo(503);
    assertThat(send(request(HttpMethod.GET, "/health/live")).statusCode()).isEqualTo(200);
    assertThat(send(request(HttpMethod.GET, "/health")).statusCode()).isEqualTo(200);
  }

  @Test
  void exportsAreListedWithoutSecrets() throws Exception {
    HttpResponse<Buffer> response = send(request(HttpMethod.GET, "/exports"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject export = response.bodyAsJsonObject().getJsonArray("exports").getJsonObject(0);
    assertThat(export.fieldNames()).containsExactlyInAnyOrder("name", "source_table", "export_type",
        "date_column", "days_lookback", "compress", "directory", "file_name_template", "destination", "sftp_username");
    assertThat(export.getString("name")).isEqualTo("product_data");
    assertThat(export.getString("export_type")).isEqualTo("full");
    assertThat(export.getString("directory")).isEqualTo("products");
    assertThat(response.bodyAsString()).doesNotContain(LocalStack.PASSWORD).doesNotContain(TOKEN);
  }

  @Test
  void metricsShowRunsAndVertxMetersInOneRegistry() throws Exception {
    sendJson(request(HttpMethod.POST, "/exports/product_data/runs?wait=true"), "{}");

    HttpResponse<Buffer> response = send(request(HttpMethod.GET, "/metrics"));
    assertThat(response.statusCode()).isEqualTo(200);
    String text = response.bodyAsString();
    assertThat(text)
        .contains("bqsftp_export_runs_started_total{export=\"product_data\"} 1.0")
        .contains("bqsftp_export_rows_total{export=\"product_data\"} " + ROWS + ".0")
        .contains("bqsftp_export_files_landed_total{export=\"product_data\"} 1.0")
        .contains("bqsftp_export_run_duration_seconds_count{export=\"product_data\",status=\"succeeded\"} 1")
        .contains("bqsftp_export_compressed_bytes_total{export=\"product_data\"}")
        .contains("bqsftp_export_uncompressed_bytes_total{export=\"product_data\"}")
        .contains("vertx_http_server_requests_total")
        .contains("vertx_eventbus_");
  }
}
