package io.bqsftp.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.ExportCoordinator;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The seed's HTTP contract, status code by status code, over a real HTTP server and client. */
@ExtendWith(VertxExtension.class)
class HttpTriggerTest {
  @TempDir Path dir;
  LocalStack stack;
  ExportEngine engine;
  WebClient client;
  int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) throws Exception {
    stack = LocalStack.start(dir, 500);
    JsonObject json = stack.configJson(Map.of(
        "product_data", LocalStack.fullExport(),
        "broken", LocalStack.fullExport().put("source_table", "demo-project.demo_dataset.missing")));
    ServiceConfig config = ConfigLoader.fromJson(json, Map.of());
    engine = ExportEngine.start(config);
    var http = new HttpTrigger(0);
    client = WebClient.create(vertx);
    vertx.deployVerticle(new ExportCoordinator(config, engine, Clock.systemUTC()))
        .compose(id -> vertx.deployVerticle(http))
        .onComplete(ctx.succeeding(id -> {
          port = http.actualPort();
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    stack.close();
  }

  private void post(VertxTestContext ctx, String body, Consumer<HttpResponse<Buffer>> check) {
    client.post(port, "127.0.0.1", "/")
        .putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer(body))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          assertThat(response.getHeader("content-type")).isEqualTo("application/json");
          check.accept(response);
          ctx.completeNow();
        })));
  }

  @Test
  void directBodyRunsTheExport(VertxTestContext ctx) {
    post(ctx, "{\"export_name\":\"product_data\",\"date\":\"2025-03-17\"}", response -> {
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("succeeded");
      assertThat(body.getLong("rows")).isEqualTo(500L);
      assertThat(body.getJsonArray("files").getJsonObject(0).getString("name"))
          .isEqualTo("product_data_20250317-000000000000.csv.gz");
      assertThat(body.getLong("duration_ms")).isNotNull();
    });
  }

  @Test
  void pubSubPushEnvelopeRunsTheExport(VertxTestContext ctx) {
    String data = Base64.getEncoder().encodeToString(
        "{\"export_name\":\"product_data\",\"date\":\"2025-03-18\"}".getBytes(StandardCharsets.UTF_8));
    post(ctx, "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"42\"},\"subscription\":\"s\"}", response -> {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("date")).isEqualTo("2025-03-18");
    });
  }

  @Test
  void unknownExportIs404(VertxTestContext ctx) {
    post(ctx, "{\"export_name\":\"nope\"}", response -> {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("export_name: unknown export \"nope\"");
    });
  }

  @Test
  void badDateIs400(VertxTestContext ctx) {
    post(ctx, "{\"export_name\":\"product_data\",\"date\":\"17/03/2025\"}", response -> {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).startsWith("date: must be a calendar date");
    });
  }

  @Test
  void malformedJsonIs400(VertxTestContext ctx) {
    post(ctx, "{export_name:", response -> {
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("body: is not valid JSON");
    });
  }

  @Test
  void oversizedBodyIs413(VertxTestContext ctx) {
    post(ctx, "{\"export_name\":\"" + "x".repeat(100_000) + "\"}", response -> {
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.bodyAsJsonObject().getString("error")).startsWith("body: larger than");
    });
  }

  @Test
  void failedRunIs502WithTheReasonAndNoStackTrace(VertxTestContext ctx) {
    post(ctx, "{\"export_name\":\"broken\"}", response -> {
      assertThat(response.statusCode()).isEqualTo(502);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("failed");
      assertThat(body.getString("failed_stage")).isEqualTo("bigquery");
      assertThat(body.getString("error")).contains("missing");
      assertThat(response.bodyAsString()).doesNotContain("\tat ").doesNotContain("Exception:");
    });
  }

  @Test
  void healthIsOk(VertxTestContext ctx) {
    client.get(port, "127.0.0.1", "/health").send().onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("ok");
      ctx.completeNow();
    })));
  }

  @Test
  void unknownPathIsJson404(VertxTestContext ctx) {
    client.get(port, "127.0.0.1", "/nope").send().onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("no such endpoint");
      ctx.completeNow();
    })));
  }
}
