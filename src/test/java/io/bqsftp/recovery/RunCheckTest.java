package io.bqsftp.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code verify} against a real export on the embedded SFTP server, through the class and the CLI. */
class RunCheckTest {
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

  JsonObject configJson() {
    return stack.configJson(Map.of("all", LocalStack.fullExport().put("max_file_bytes", 400_000).put("compress", false)));
  }

  ExportResult export() throws Exception {
    ServiceConfig config = ConfigLoader.fromJson(configJson(), Map.of());
    engine = stack.engine(config);
    return engine.run(RunPlan.of(config.export("all").orElseThrow(), DATE), RunProgress.NONE);
  }

  @Test
  void aCleanRunVerifies() throws Exception {
    stack = LocalStack.start(dir, 6_000);
    ExportResult result = export();
    CheckReport report = new RunCheck(engine.recovery()).check("all", DATE);

    assertThat(report.ok()).as(report.toText()).isTrue();
    assertThat(report.present()).hasSize(result.files().size());
    assertThat(report.toText()).endsWith("OK\n");
    assertThat(cli("verify", "--export", "all", "--date", "2024-06-30")).isEqualTo(0);
  }

  @Test
  void missingWrongSizedUnexpectedAndLeftoverFilesAreReported() throws Exception {
    stack = LocalStack.start(dir, 6_000);
    ExportResult result = export();
    assertThat(result.files().size()).isGreaterThan(2);
    Path out = stack.root.resolve("outbound");
    Files.delete(out.resolve(result.files().get(0).name()));
    Files.writeString(out.resolve(result.files().get(1).name()), "short");
    Files.writeString(out.resolve("all_20240630-000000000099.csv"), "old part");
    Files.writeString(out.resolve(".all_20240630-000000000000.csv.0123456789ab.part"), "half");
    Files.writeString(out.resolve("other_20240630-000000000000.csv"), "someone else's");

    CheckReport report = new RunCheck(engine.recovery()).check("all", DATE);

    assertThat(report.ok()).isFalse();
    assertThat(report.missing()).extracting(CheckReport.Expected::name).containsExactly(result.files().get(0).name());
    assertThat(report.wrongSize()).singleElement().satisfies(w -> {
      assertThat(w.name()).isEqualTo(result.files().get(1).name());
      assertThat(w.actualBytes()).isEqualTo(5);
      assertThat(w.expectedBytes()).isEqualTo(result.files().get(1).bytes());
    });
    assertThat(report.unexpected()).extracting(CheckReport.Remote::name).containsExactly("all_20240630-000000000099.csv");
    assertThat(report.leftovers()).extracting(CheckReport.Remote::name)
        .containsExactly(".all_20240630-000000000000.csv.0123456789ab.part");
    JsonObject json = report.toJson();
    assertThat(json.getBoolean("ok")).isFalse();
    assertThat(json.getJsonArray("missing")).hasSize(1);
    assertThat(json.getJsonArray("wrong_size")).hasSize(1);
    assertThat(json.getJsonArray("unexpected")).hasSize(1);
    assertThat(json.getJsonArray("leftovers")).hasSize(1);
    assertThat(report.toText()).contains("MISSING", "WRONG SIZE", "UNEXPECTED", "leftover").endsWith("NOT OK\n");

    var stdout = new ByteArrayOutputStream();
    assertThat(cli(stdout, "verify", "--export", "all", "--date", "2024-06-30", "--json")).isEqualTo(1);
    assertThat(new JsonObject(stdout.toString(StandardCharsets.UTF_8)).getJsonArray("unexpected")).hasSize(1);
  }

  @Test
  void noRecordedRunIsNotOk() throws Exception {
    stack = LocalStack.start(dir, 10);
    ServiceConfig config = ConfigLoader.fromJson(configJson(), Map.of());
    try (var services = RecoveryServices.start(config)) {
      CheckReport report = new RunCheck(services).check("all", DATE);
      assertThat(report.ok()).isFalse();
      assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("no run"));
      RetryReport retry = new RunRetry(services, java.time.Clock.systemUTC()).retry("all", DATE);
      assertThat(retry.outcome()).isEqualTo(RetryReport.Outcome.NO_RUN);
    }
    assertThat(cli("retry", "--export", "all", "--date", "2024-06-30")).isEqualTo(1);
    assertThat(cli("retry", "--export", "nope", "--date", "2024-06-30")).isEqualTo(2);
    assertThat(cli("verify", "--export", "all", "--date", "30.06.2024")).isEqualTo(2);
  }

  private int cli(String... args) throws Exception {
    return cli(new ByteArrayOutputStream(), args);
  }

  /** Runs the real command line with a config file, capturing stdout. */
  private int cli(ByteArrayOutputStream stdout, String... args) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, configJson().encode());
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--config", config.toString()))
        .toArray(String[]::new);
    PrintStream previous = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      return new CommandLine(new io.bqsftp.Main()).execute(all);
    } finally {
      System.setOut(previous);
    }
  }
}
