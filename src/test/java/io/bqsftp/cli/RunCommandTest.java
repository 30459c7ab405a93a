package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run}: a JSON summary on stdout, exit 0 only when every file landed, 2 for bad input. */
class RunCommandTest {
  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  record Result(int exit, String out, String err) {}

  private Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    var stdout = new ByteArrayOutputStream();
    var stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new RunCommand()).execute(args);
      return new Result(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private Path configFile(JsonObject json) throws Exception {
    return Files.writeString(dir.resolve("config.json"), json.encodePrettily());
  }

  @Test
  void landedRunPrintsItsSummaryAndExitsZero() throws Exception {
    stack = LocalStack.start(dir, 1_000);
    Path config = configFile(stack.configJson(Map.of("product_data", LocalStack.fullExport())));

    Result result = run("--config", config.toString(), "--export", "product_data", "--date", "2024-06-30");

    assertThat(result.exit()).isZero();
    JsonObject summary = new JsonObject(result.out());
    assertThat(summary.getString("status")).isEqualTo("succeeded");
    assertThat(summary.getLong("rows")).isEqualTo(1_000L);
    assertThat(summary.getJsonArray("files").getJsonObject(0).getString("name"))
        .isEqualTo("product_data_20240630-000000000000.csv.gz");
    assertThat(stack.root.resolve("outbound/product_data_20240630-000000000000.csv.gz")).exists();
  }

  @Test
  void withoutATerminalStdoutIsTheJsonSummaryAloneAndNoProgressIsDrawn() throws Exception {
    // Surefire's forked JVM has no console, as a CronJob or a pipe.
    assertThat(TerminalProgress.interactive()).isFalse();
    stack = LocalStack.start(dir, 5_000);
    Path config = configFile(stack.configJson(Map.of("product_data", LocalStack.fullExport())));

    Result result = run("--config", config.toString(), "--export", "product_data", "--date", "2024-06-30");

    assertThat(result.exit()).isZero();
    assertThat(result.out().strip()).isEqualTo(new JsonObject(result.out()).encodePrettily());
    assertThat(result.out() + result.err()).doesNotContain("\r", "\u001B[K", "parts landed", "part landed");
  }

  @Test
  void failedRunPrintsTheReasonAndExitsOne() throws Exception {
    stack = LocalStack.start(dir, 100);
    JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()));
    json.getJsonObject("sftp").put("host_key_fingerprint", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    Result result = run("--config", configFile(json).toString(), "--export", "product_data");

    assertThat(result.exit()).isEqualTo(1);
    JsonObject summary = new JsonObject(result.out());
    assertThat(summary.getString("status")).isEqualTo("failed");
    assertThat(summary.getString("error")).containsIgnoringCase("host key");
    assertThat(result.out() + result.err()).doesNotContain(LocalStack.PASSWORD);
  }

  @Test
  void badConfigStopsWithOneLinePerProblemAndExitsTwo() throws Exception {
    Path config = configFile(new JsonObject()
        .put("sftp", new JsonObject().put("host", "sftp.example.com").put("username", "u").put("port", "abc"))
        .put("exports", new JsonObject().put("product_data", new JsonObject()
            .put("source_table", "project-1.dataset.products").put("export_type", "date_range")
            .put("date_column", "modified_date").put("days_lookback", -1))));

    Result result = run("--config", config.toString(), "--export", "product_data");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains(
        "sftp.port: must be a whole number (got \"abc\")",
        "exports.product_data.days_lookback: must be a whole number >= 0 (got -1)");
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void badDateExitsTwoBeforeAnythingStarts() {
    Result result = run("--export", "product_data", "--date", "2025-02-30");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("date: must be a calendar date YYYY-MM-DD (got \"2025-02-30\")");
  }
}
