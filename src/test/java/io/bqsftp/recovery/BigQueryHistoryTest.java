package io.bqsftp.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.local.AppendableTable;
import io.bqsftp.local.HistoryTables;
import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The seed's config with {@code metadata.export_metadata_table} on one machine: the export's
 * history goes through the real Storage Write API client into the local BigQuery server, and
 * {@code verify} and {@code retry} read it back through the Read API, from the command line.
 * Their failures (unreachable endpoint, missing table) are one line naming the cause.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BigQueryHistoryTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);
  static final String HISTORY = "ops-project.ops.export_metadata";

  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  JsonObject configJson() {
    JsonObject json = stack.configJson(Map.of("all", LocalStack.fullExport().put("compress", false).put("max_file_bytes", 400_000)));
    json.put("metadata", new JsonObject().put("export_metadata_table", HISTORY));
    json.getJsonObject("sftp").put("upload_attempts", 1);
    return json;
  }

  @Test
  void aFailedRunIsRetriedAndVerifiedThroughTheBigQueryLedger() throws Exception {
    stack = LocalStack.start(dir, 6_000);
    HistoryTables.create(stack.bigquery, HISTORY);
    ServiceConfig config = ConfigLoader.fromJson(configJson(), Map.of());
    ExportEngine engine = stack.engine(config);
    stack.sftp.refuseRenames(true);
    ExportResult result = engine.run(RunPlan.of(config.export("all").orElseThrow(), DATE), RunProgress.NONE);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.toJson().containsKey("ledger_error")).as(result.toJson().encode()).isFalse();
    int staged = result.staged().size();
    assertThat(staged).isGreaterThan(1);

    Cli verifyFailed = cli("verify", "--export", "all", "--date", "2024-06-30");
    assertThat(verifyFailed.exit).as(verifyFailed.err).isEqualTo(1);
    assertThat(verifyFailed.out).contains("failed").endsWith("NOT OK\n");

    stack.sftp.refuseRenames(false);
    Cli retry = cli("retry", "--export", "all", "--date", "2024-06-30");
    assertThat(retry.exit).as(retry.out + retry.err).isEqualTo(0);
    assertThat(new JsonObject(retry.out).getJsonArray("files")).hasSize(staged);

    Cli verify = cli("verify", "--export", "all", "--date", "2024-06-30");
    assertThat(verify.exit).as(verify.out + verify.err).isEqualTo(0);
    assertThat(verify.out).endsWith("OK\n");

    // The status page's query: every run of the export with its files, through the Read API.
    try (var ledger = io.bqsftp.ledger.LedgerFactory.create(config)) {
      var history = ledger.history("all");
      assertThat(history.runs()).singleElement().satisfies(r -> {
        assertThat(r.status()).isEqualTo(io.bqsftp.contract.RunStatus.SUCCEEDED);
        assertThat(r.event()).isEqualTo("retried");
      });
      assertThat(history.files(history.runs().get(0).runId())).hasSize(staged)
          .allSatisfy(f -> assertThat(f.status()).isEqualTo(io.bqsftp.ledger.FileState.LANDED));
      assertThat(ledger.history("other").runs()).isEmpty();
    }

    var runs = (AppendableTable) stack.bigquery.tables().get(HISTORY);
    var files = (AppendableTable) stack.bigquery.tables().get(HISTORY + "_files");
    // started, finished, retried; every file staged once, then landed by the retry.
    assertThat(runs.rows()).extracting(r -> r[11]).containsExactly("started", "finished", "retried");
    assertThat(files.rows()).extracting(r -> r[7]).filteredOn("landed"::equals).hasSize(staged);
  }

  @Test
  void anUnreachableEndpointIsOneLine() throws Exception {
    stack = LocalStack.start(dir, 10);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    JsonObject json = configJson();
    json.getJsonObject("bigquery").put("endpoint", "127.0.0.1:" + closedPort);
    Cli run = cli(json, "verify", "--export", "all", "--date", "2024-06-30");
    // The local journal still answers; the unreadable table is one warning line naming the cause.
    assertThat(run.exit).isEqualTo(1);
    assertWarnsOnce(run, "could not be read (cannot read the ledger table " + HISTORY + ": UNAVAILABLE");
  }

  @Test
  void aMissingTableIsOneLine() throws Exception {
    stack = LocalStack.start(dir, 10);
    for (String command : new String[] {"verify", "retry"}) {
      Cli run = cli(command, "--export", "all", "--date", "2024-06-30");
      assertThat(run.exit).as(run.out + run.err).isNotZero();
      assertWarnsOnce(run, "could not be read (cannot read the ledger table " + HISTORY + ": NOT_FOUND: Not found: Table "
          + HISTORY);
    }
  }

  /** No stack trace anywhere, and the cause named on exactly one line of the report. */
  static void assertWarnsOnce(Cli run, String cause) {
    String all = run.out + run.err;
    assertThat(all).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(all.lines().filter(l -> l.contains(cause))).as(all).hasSize(1);
  }

  static void assertOneLine(String err, String start) {
    assertThat(err.lines().filter(l -> !l.isBlank())).as(err).singleElement()
        .satisfies(line -> assertThat(line).startsWith(start).doesNotContain("Exception"));
  }

  record Cli(int exit, String out, String err) {}

  Cli cli(String... args) throws Exception {
    return cli(configJson(), args);
  }

  /** The real command line with a config file, stdout and stderr captured (logs go to stderr too). */
  Cli cli(JsonObject config, String... args) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, config.encode());
    String[] all = Stream.concat(Arrays.stream(args), Stream.of("--config", file.toString())).toArray(String[]::new);
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    PrintStream previousOut = System.out;
    PrintStream previousErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new io.bqsftp.Main()).execute(all);
      return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(previousOut);
      System.setErr(previousErr);
    }
  }
}
