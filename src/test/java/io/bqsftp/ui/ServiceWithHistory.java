package io.bqsftp.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real service (HTTP trigger, coordinator, engine) on the local BigQuery and embedded SFTP
 * servers, with a bearer token and a history: export {@code all} succeeded for 2024-06-29 and
 * failed for 2024-06-30 (writes refused) with its part staged.
 */
final class ServiceWithHistory implements AutoCloseable {
  static final String TOKEN = "ui-test-token-4f9a";
  static final String SUCCEEDED_DATE = "2024-06-29";
  static final String FAILED_DATE = "2024-06-30";

  final LocalStack stack;
  final ServiceConfig config;
  final ServiceRuntime runtime;
  final WebClient client;
  final JsonObject succeeded;
  final JsonObject failed;

  private ServiceWithHistory(LocalStack stack, ServiceConfig config, ServiceRuntime runtime, WebClient client,
      JsonObject succeeded, JsonObject failed) {
    this.stack = stack;
    this.config = config;
    this.runtime = runtime;
    this.client = client;
    this.succeeded = succeeded;
    this.failed = failed;
  }

  static ServiceWithHistory start(Vertx vertx, Path dir) throws Exception {
    LocalStack stack = LocalStack.start(dir, 3_000);
    try {
      JsonObject json = stack.configJson(Map.of("all", LocalStack.fullExport()));
      json.getJsonObject("sftp").put("upload_attempts", 1);
      json.put("server", new JsonObject().put("port", 0));
      json.put("auth", new JsonObject().put("token", TOKEN));
      ServiceConfig config = ConfigLoader.fromJson(json, Map.of());
      ServiceRuntime runtime = ServiceRuntime.start(vertx, config, true);
      WebClient client = WebClient.create(vertx);
      JsonObject succeeded = run(client, runtime.httpPort(), SUCCEEDED_DATE, 200);
      stack.sftp.refuseWrites(true);
      JsonObject failed = run(client, runtime.httpPort(), FAILED_DATE, 502);
      stack.sftp.refuseWrites(false);
      assertThat(failed.getJsonArray("staged")).hasSize(1);
      return new ServiceWithHistory(stack, config, runtime, client, succeeded, failed);
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  private static JsonObject run(WebClient client, int port, String date, int expectedStatus) throws Exception {
    HttpResponse<Buffer> response = Await.result(client.post(port, "127.0.0.1", "/exports/all/runs?wait=true")
        .bearerTokenAuthentication(TOKEN)
        .sendJsonObject(new JsonObject().put("date", date)), 120);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(expectedStatus);
    return response.bodyAsJsonObject();
  }

  int port() {
    return runtime.httpPort();
  }

  String stagedFile() {
    return failed.getJsonArray("staged").getJsonObject(0).getString("name");
  }

  JsonObject landedFile() {
    return succeeded.getJsonArray("files").getJsonObject(0);
  }

  @Override
  public void close() throws Exception {
    try {
      runtime.close();
    } finally {
      stack.close();
    }
  }
}
