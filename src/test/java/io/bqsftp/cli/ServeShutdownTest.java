package io.bqsftp.cli;

import io.bqsftp.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.CsvFiles;
import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code serve} process gets SIGTERM while an export runs: it stops taking new runs, lets
 * the running export land within the grace period, and exits.
 */
class ServeShutdownTest {
  static final long ROWS = 3_000;

  @TempDir Path dir;
  LocalStack stack;
  Process serve;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void stop() throws Exception {
    if (serve != null && serve.isAlive()) {
      serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    stack.close();
  }

  @Test
  void sigtermLetsTheRunningExportLandThenExits() throws Exception {
    stack = LocalStack.start(dir, ROWS);
    stack.bigquery.setBatchRows(100);
    stack.bigquery.setReadDelay(Duration.ofMillis(150)); // the export takes a few seconds
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JsonObject config = stack.configJson(Map.of("all", LocalStack.fullExport()))
        .put("server", new JsonObject().put("port", port))
        .put("shutdown_grace_seconds", 60);
    Path configFile = Files.writeString(dir.resolve("config.json"), config.encode());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    serve = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), "io.bqsftp.Main", "serve", "--config", configFile.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("serve.log").toFile())
        .start();
    String base = "http://127.0.0.1:" + port;
    await("the service to answer /health", () -> status(base + "/health") == 200);

    HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/exports/all/runs"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"date\":\"2024-06-30\"}"))
        .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).isEqualTo(202);
    Path outbound = stack.root.resolve("outbound");
    await("the export to start writing", () -> Files.exists(outbound));

    serve.destroy(); // SIGTERM

    assertThat(serve.waitFor(90, TimeUnit.SECONDS)).as("serve exited").isTrue();
    Path landed = outbound.resolve("all_20240630-000000000000.csv.gz");
    assertThat(landed).exists();
    assertThat(CsvFiles.records(CsvFiles.text(landed), ',')).hasSize((int) ROWS + 1);
    try (var files = Files.list(outbound)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("all_20240630-000000000000.csv.gz");
    }
    assertThat(serveLog()).contains("shutting down: draining").contains("succeeded: " + ROWS + " rows").doesNotContain(LocalStack.PASSWORD);
  }

  private String serveLog() {
    try {
      return Files.readString(dir.resolve("serve.log"));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }

  private int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception notYet) {
      return -1;
    }
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    Poll.until(what, Duration.ofSeconds(60), () -> {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (!serve.isAlive()) {
        throw new AssertionError("serve ended before " + what + "; serve printed:\n" + serveLog());
      }
      return false;
    }, () -> "serve printed:\n" + serveLog());
  }
}
