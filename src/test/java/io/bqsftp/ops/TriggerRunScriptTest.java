package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/trigger-run.sh, the CronJob's command, run by the system's POSIX sh with curl: against a
 * scripted Vert.x server for every answer the run API can give, and against a real {@code serve}.
 */
@ExtendWith(VertxExtension.class)
class TriggerRunScriptTest {
  private static final Path SCRIPT = Path.of("k8s", "trigger-run.sh");

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  /** Answers to GET /runs/{id}, in order; the last one repeats. */
  private final Deque<int[]> codes = new ArrayDeque<>();
  private final Deque<String> bodies = new ArrayDeque<>();
  private int postCode = 202;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void requireCurl() {
    assumeThat(Path.of("/usr/bin/curl")).as("curl (installed by .ci/run)").exists();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      Await.result(server.close(), 10);
    }
  }

  private int scripted(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      seen.add(request.method() + " " + request.path() + " auth=" + request.getHeader("Authorization") + " body=" + body);
      if (request.path().startsWith("/exports/")) {
        String name = request.path().split("/")[2];
        request.response().setStatusCode(postCode).putHeader("Content-Type", "application/json").end(postCode == 202
            ? new JsonObject().put("run_id", name + "-20250317-1a2b3c4d").put("status", "running").put("export_name", name).encode()
            : new JsonObject().put("error", "export_name: unknown export \"" + name + "\"").put("status", postCode).encode());
      } else {
        int code = codes.size() > 1 ? codes.poll()[0] : codes.peek()[0];
        String answer = bodies.size() > 1 ? bodies.poll() : bodies.peek();
        request.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(answer);
      }
    }));
    return Await.result(server.listen(0, "127.0.0.1"), 10).actualPort();
  }

  private void answer(int code, String body) {
    codes.add(new int[] {code});
    bodies.add(body);
  }

  private static String run(String status, JsonObject result) {
    JsonObject json = new JsonObject().put("run_id", "product_data-20250317-1a2b3c4d").put("export_name", "product_data")
        .put("date", "2025-03-17").put("status", status).put("started_at", "2025-03-17T06:00:00Z")
        .put("progress", new JsonObject().put("rows", 10).put("csv_bytes", 100).put("files_landed", 0));
    return result == null ? json.encode() : json.put("result", result).encode();
  }

  private static Run script(int port, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString());
    builder.environment().put("SERVICE_URL", "http://127.0.0.1:" + port);
    builder.environment().put("POLL_SECONDS", "0");
    builder.environment().remove("AUTH_TOKEN");
    builder.environment().putAll(env);
    Process process = builder.start();
    // Read both pipes fully before waiting (the outputs are small).
    var err = process.getErrorStream();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("trigger-run.sh did not finish");
    }
    return new Run(process.exitValue(), out, errText);
  }

  @Test
  void startsTheRunPollsUntilItSucceededAndExitsZero(Vertx vertx) throws Exception {
    answer(200, run("running", null));
    answer(503, "{\"error\":\"service: shutting down\",\"status\":503}");
    answer(200, run("running", null));
    answer(200, run("succeeded", new JsonObject().put("status", "succeeded").put("rows", 10)));
    int port = scripted(vertx);

    Run result = script(port, Map.of("EXPORT_NAME", "product_data", "RUN_DATE", "2025-03-17", "AUTH_TOKEN", "tok-123"));

    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    assertThat(seen.get(0)).isEqualTo("POST /exports/product_data/runs auth=Bearer tok-123 body={\"date\":\"2025-03-17\"}");
    assertThat(seen).hasSize(5).allMatch(s -> s.contains("auth=Bearer tok-123"));
    assertThat(result.out()).contains("started as run product_data-20250317-1a2b3c4d", "run product_data-20250317-1a2b3c4d succeeded");
    assertThat(result.err()).contains("polling run product_data-20250317-1a2b3c4d failed (503, 1 of 10)");
  }

  @Test
  void aFailedRunFailsTheJobWithItsResult(Vertx vertx) throws Exception {
    answer(200, run("failed", new JsonObject().put("status", "failed").put("error", "sftp: permission denied, on /out")));
    int port = scripted(vertx);

    Run result = script(port, Map.of("EXPORT_NAME", "product_data"));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(seen.get(0)).isEqualTo("POST /exports/product_data/runs auth=null body={}");
    assertThat(result.err()).contains("run product_data-20250317-1a2b3c4d failed", "sftp: permission denied, on /out");
  }

  @Test
  void aRunTheServiceForgotFailsTheJob(Vertx vertx) throws Exception {
    answer(404, "{\"error\":\"run_id: unknown run\",\"status\":404}");
    int port = scripted(vertx);
    Run result = script(port, Map.of("EXPORT_NAME", "product_data"));
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("unknown to the service");
  }

  @Test
  void refusedRequestsExitTwoWithoutPolling(Vertx vertx) throws Exception {
    postCode = 404;
    answer(200, run("running", null));
    int port = scripted(vertx);
    Run unknown = script(port, Map.of("EXPORT_NAME", "nope"));
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("nope refused (404)", "unknown export");
    assertThat(seen).hasSize(1);

    assertThat(script(port, Map.of("EXPORT_NAME", "bad\"name")).exit()).isEqualTo(2);
    assertThat(script(port, Map.of("EXPORT_NAME", "product_data", "RUN_DATE", "tomorrow")).exit()).isEqualTo(2);
    assertThat(script(port, Map.of()).exit()).isNotZero();
    assertThat(seen).hasSize(1);
  }

  @Test
  void runsAnExportOnARealServe() throws Exception {
    try (LocalStack stack = LocalStack.start(dir, 2_000)) {
      JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()))
          .put("server", new JsonObject().put("port", 0))
          .put("auth", new JsonObject().put("token", "serve-token"));
      try (ServiceRuntime runtime = ServiceRuntime.start(Vertx.vertx(), ConfigLoader.fromJson(json, Map.of()),
          new ServiceRuntime.Options(true, false, Optional.empty()))) {
        Run result = script(runtime.httpPort(), Map.of("EXPORT_NAME", "product_data", "RUN_DATE", "2025-03-17",
            "AUTH_TOKEN", "serve-token", "POLL_SECONDS", "1"));

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("succeeded");
        assertThat(stack.root.resolve("outbound/product_data_20250317-000000000000.csv.gz")).exists();

        Run wrongToken = script(runtime.httpPort(), Map.of("EXPORT_NAME", "product_data", "AUTH_TOKEN", "nope"));
        assertThat(wrongToken.exit()).isEqualTo(2);
        assertThat(wrongToken.err()).contains("refused (401)");
      }
    }
  }

  @Test
  void passesShellcheckAsPosixSh() throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/shellcheck"))).as("shellcheck (installed by .ci/run)").isTrue();
    Process process = new ProcessBuilder("shellcheck", "-s", "sh", SCRIPT.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
