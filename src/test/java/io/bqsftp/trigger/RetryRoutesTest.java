package io.bqsftp.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /exports/{name}/runs/{date}/retry} and {@code GET .../verify} over real HTTP. */
@ExtendWith(VertxExtension.class)
class RetryRoutesTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);

  @TempDir Path dir;
  LocalStack stack;
  ExportEngine engine;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close(); // with the engines it started
    }
  }

  @Test
  void retryOverHttpLandsStagedFilesThenVerifies(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 3_000);
    JsonObject json = stack.configJson(Map.of("all", LocalStack.fullExport()));
    json.getJsonObject("sftp").put("upload_attempts", 1);
    ServiceConfig config = ConfigLoader.fromJson(json, Map.of());
    engine = stack.engine(config);
    stack.sftp.refuseRenames(true);
    ExportResult result = engine.run(RunPlan.of(config.export("all").orElseThrow(), DATE), RunProgress.NONE);
    assertThat(result.staged()).hasSize(1);

    Router router = new RetryRoutes(vertx, engine.recovery()).mount(Router.router(vertx));
    var server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0));
    WebClient client = WebClient.create(vertx);
    int port = server.actualPort();

    HttpResponse<Buffer> notOk = Await.result(client.get(port, "127.0.0.1", "/exports/all/runs/2024-06-30/verify").send());
    assertThat(notOk.statusCode()).isEqualTo(409);
    assertThat(notOk.bodyAsJsonObject().getJsonArray("missing")).hasSize(1);

    HttpResponse<Buffer> stillRefused = Await.result(client.post(port, "127.0.0.1", "/exports/all/runs/2024-06-30/retry").send());
    assertThat(stillRefused.statusCode()).isEqualTo(502);
    assertThat(stillRefused.bodyAsJsonObject().getString("status")).isEqualTo("failed");

    stack.sftp.refuseRenames(false);
    HttpResponse<Buffer> retried = Await.result(client.post(port, "127.0.0.1", "/exports/all/runs/2024-06-30/retry").send());
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(retried.bodyAsJsonObject().getString("status")).isEqualTo("succeeded");
    assertThat(retried.bodyAsJsonObject().getJsonArray("files").getJsonObject(0).getString("result")).isEqualTo("landed");

    HttpResponse<Buffer> again = Await.result(client.post(port, "127.0.0.1", "/exports/all/runs/2024-06-30/retry").send());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("outcome")).isEqualTo("nothing_to_do");

    HttpResponse<Buffer> ok = Await.result(client.get(port, "127.0.0.1", "/exports/all/runs/2024-06-30/verify").send());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getBoolean("ok")).isTrue();

    assertThat(Await.result(client.post(port, "127.0.0.1", "/exports/nope/runs/2024-06-30/retry").send()).statusCode()).isEqualTo(404);
    assertThat(Await.result(client.post(port, "127.0.0.1", "/exports/all/runs/2024-07-01/retry").send()).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> badDate = Await.result(client.post(port, "127.0.0.1", "/exports/all/runs/yesterday/retry").send());
    assertThat(badDate.statusCode()).isEqualTo(400);
    assertThat(badDate.bodyAsJsonObject().getString("error")).startsWith("date:");
  }
}
