package io.bqsftp.export;

import io.bqsftp.contract.ExportRequest;
import io.bqsftp.service.ExportEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.support.Await;
import io.bqsftp.support.CsvFiles;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One export from the local BigQuery Read API server through the real BigQueryReadClient, CSV, gzip
 * and sshj to an embedded MINA SSHD, requested on the event bus as every trigger does.
 */
@ExtendWith(VertxExtension.class)
class ExportEndToEndTest {
  static final long ROWS = 6_000;
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

  private Future<JsonObject> run(Vertx vertx, ServiceConfig config, String export) throws Exception {
    return run(vertx, config, export, DATE);
  }

  private Future<JsonObject> run(Vertx vertx, ServiceConfig config, String export, LocalDate date) throws Exception {
    engine = stack.engine(config);
    return vertx
        .deployVerticle(new ExportCoordinator(config, engine, Clock.systemUTC()))
        .compose(id -> new ExportClient(vertx).run(new ExportRequest(export, Optional.of(date))));
  }

  private List<Path> landed() throws Exception {
    return stack.files().toList();
  }

  @Test
  void fullExportLandsEveryRowOnceUnderTheSeedName(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    JsonObject result = Await.result(run(vertx, stack.config(Map.of("all", LocalStack.fullExport())), "all"));

    assertThat(result.getString("status")).isEqualTo("succeeded");
    assertThat(result.getLong("rows")).isEqualTo(ROWS);
    List<Path> files = landed();
    assertThat(files).extracting(p -> stack.root.relativize(p).toString())
        .containsExactly("outbound/all_20240630-000000000000.csv.gz");
    var records = CsvFiles.records(CsvFiles.text(files.get(0)), ',');
    assertThat(records).hasSize((int) ROWS + 1);
    int columns = records.get(0).size();
    assertThat(records).allSatisfy(r -> assertThat(r).hasSize(columns));
    assertThat(result.getJsonArray("files").getJsonObject(0).getLong("bytes")).isEqualTo(Files.size(files.get(0)));
  }

  @Test
  void largeExportsSplitIntoNumberedPartsEachWithHeader(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    var export = LocalStack.fullExport().put("max_file_bytes", 400_000).put("compress", false);
    JsonObject result = Await.result(run(vertx, stack.config(Map.of("split", export)), "split"));

    List<Path> files = landed();
    assertThat(files.size()).isGreaterThan(2);
    long rows = 0;
    String header = null;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      assertThat(file.getFileName().toString()).isEqualTo(String.format("split_20240630-%012d.csv", i));
      assertThat(Files.size(file)).isLessThanOrEqualTo(400_000);
      var records = CsvFiles.records(CsvFiles.text(file), ',');
      if (header == null) {
        header = String.join(",", records.get(0));
      }
      assertThat(String.join(",", records.get(0))).isEqualTo(header);
      rows += records.size() - 1;
    }
    assertThat(rows).isEqualTo(ROWS).isEqualTo(result.getLong("rows"));
    assertThat(result.getJsonArray("files")).hasSize(files.size());
  }

  @Test
  void dateRangeReadsOnlyTheWindowEndingOnTheRequestedDate(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    var all = LocalStack.fullExport().put("compress", false);
    var window = LocalStack.fullExport().put("compress", false)
        .put("export_type", "date_range").put("date_column", "event_date").put("days_lookback", 30);
    ServiceConfig config = stack.config(Map.of("all", all, "window", window));
    engine = stack.engine(config);
    Await.result(vertx.deployVerticle(new ExportCoordinator(config, engine, Clock.systemUTC())));
    var client = new ExportClient(vertx);
    JsonObject everything = Await.result(client.run(new ExportRequest("all", Optional.of(DATE))));
    JsonObject windowed = Await.result(client.run(new ExportRequest("window", Optional.of(DATE))));

    var allRecords = CsvFiles.records(CsvFiles.text(stack.root.resolve("outbound/all_20240630-000000000000.csv")), ',');
    int dateIndex = allRecords.get(0).indexOf("event_date");
    long expected = allRecords.stream().skip(1)
        .map(r -> r.get(dateIndex))
        .filter(d -> !d.isEmpty())
        .map(LocalDate::parse)
        .filter(d -> !d.isBefore(DATE.minusDays(30)) && !d.isAfter(DATE))
        .count();
    assertThat(expected).isGreaterThan(0).isLessThan(everything.getLong("rows"));
    assertThat(windowed.getLong("rows")).isEqualTo(expected);
    var windowRecords = CsvFiles.records(CsvFiles.text(stack.root.resolve("outbound/window_20240630-000000000000.csv")), ',');
    assertThat(windowRecords).hasSize((int) expected + 1);
  }

  @Test
  void noMatchingRowsStillDeliversTheHeader(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    var export = LocalStack.fullExport().put("export_type", "date_range").put("date_column", "event_date");
    // 1990 lies before every generated event_date.
    JsonObject result = Await.result(run(vertx, stack.config(Map.of("empty", export)), "empty", LocalDate.of(1990, 1, 1)));
    assertThat(result.getString("status")).isEqualTo("succeeded");
    assertThat(result.getLong("rows")).isZero();
    List<Path> files = landed();
    assertThat(files).hasSize(1);
    String text = CsvFiles.text(files.get(0));
    assertThat(text).endsWith("\n").doesNotContain("\n\n");
    assertThat(CsvFiles.records(text, ',')).hasSize(1);
  }

  @Test
  void rerunReplacesTheFilesInsteadOfAddingNewOnes(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    ServiceConfig config = stack.config(Map.of("all", LocalStack.fullExport()));
    engine = stack.engine(config);
    Await.result(vertx.deployVerticle(new ExportCoordinator(config, engine, Clock.systemUTC())));
    var client = new ExportClient(vertx);
    JsonObject first = Await.result(client.run(new ExportRequest("all", Optional.of(DATE))));
    Path file = landed().get(0);
    Files.writeString(file, "stale content");
    JsonObject second = Await.result(client.run(new ExportRequest("all", Optional.of(DATE))));

    assertThat(second.getString("run_id")).isNotEqualTo(first.getString("run_id"));
    assertThat(landed()).containsExactly(file);
    assertThat(CsvFiles.records(CsvFiles.text(file), ',')).hasSize((int) ROWS + 1);
  }

  @Test
  void rerunWithFewerPartsRemovesTheEarlierRunsExtraParts(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    var split = LocalStack.fullExport().put("compress", false).put("max_file_bytes", 400_000);
    var whole = LocalStack.fullExport().put("compress", false);
    Path outbound = Files.createDirectories(stack.root.resolve("outbound"));
    Path otherDate = Files.writeString(outbound.resolve("all_20240629-000000000007.csv"), "another day");
    Path unrelated = Files.writeString(outbound.resolve("readme.txt"), "the partner's own file");

    engine = stack.engine(stack.config(Map.of("all", split)));
    Await.result(vertx.deployVerticle(new ExportCoordinator(stack.config(Map.of("all", split)), engine, Clock.systemUTC())));
    JsonObject first = Await.result(new ExportClient(vertx).run(new ExportRequest("all", Optional.of(DATE))));
    assertThat(first.getJsonArray("files").size()).isGreaterThan(2);

    // The same export and date again, now as one file: the earlier parts 1..n must go.
    Vertx second = Vertx.vertx();
    try {
      ServiceConfig config = stack.config(Map.of("all", whole));
      Await.result(second.deployVerticle(new ExportCoordinator(config, stack.engine(config), Clock.systemUTC())));
      JsonObject rerun = Await.result(new ExportClient(second).run(new ExportRequest("all", Optional.of(DATE))));
      assertThat(rerun.getString("status")).isEqualTo("succeeded");
    } finally {
      Await.result(second.close());
    }

    assertThat(landed()).extracting(p -> stack.root.relativize(p).toString()).containsExactlyInAnyOrder(
        "outbound/all_20240630-000000000000.csv", "outbound/all_20240629-000000000007.csv", "outbound/readme.txt");
    assertThat(otherDate).hasContent("another day");
    assertThat(unrelated).hasContent("the partner's own file");
    assertThat(CsvFiles.records(CsvFiles.text(outbound.resolve("all_20240630-000000000000.csv")), ',')).hasSize((int) ROWS + 1);
  }

  @Test
  void wrongHostKeyFailsAndWritesNothing(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    JsonObject json = stack.configJson(Map.of("all", LocalStack.fullExport()));
    json.getJsonObject("sftp").put("host_key_fingerprint", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    ServiceConfig config = io.bqsftp.config.ConfigLoader.fromJson(json, Map.of());
    Throwable failure = Await.failure(run(vertx, config, "all"));

    assertThat(ExportClient.failureStatus(failure)).isEqualTo(502);
    JsonObject body = ExportClient.failureBody(failure);
    assertThat(body.getString("status")).isEqualTo("failed");
    assertThat(body.getString("error")).containsIgnoringCase("host key");
    assertThat(body.encode()).doesNotContain(LocalStack.PASSWORD);
    assertThat(landed()).isEmpty();
  }

  @Test
  void serverDroppingTheConnectionMidFileLeavesNoFinalFile(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 40_000);
    stack.sftp.dropSessionsAfterBytes(200_000);
    // One attempt: no resend from the spool, so the dropped upload is final (and staged).
    JsonObject json = stack.configJson(Map.of("all", LocalStack.fullExport().put("compress", false)));
    json.getJsonObject("sftp").put("upload_attempts", 1);
    Throwable failure = Await.failure(run(vertx, io.bqsftp.config.ConfigLoader.fromJson(json, Map.of()), "all"));

    assertThat(ExportClient.failureStatus(failure)).isEqualTo(502);
    assertThat(ExportClient.failureBody(failure).getString("failed_stage")).isEqualTo("sftp");
    assertThat(landed()).noneMatch(p -> p.getFileName().toString().startsWith("all_"));
  }

  @Test
  void slowSftpServerHoldsBackTheReadsInsteadOfFillingMemory(Vertx vertx) throws Exception {
    long rows = 200_000;
    stack = LocalStack.start(dir, rows);
    stack.bigquery.setBatchRows(1_000);
    stack.sftp.writeDelay(java.time.Duration.ofMillis(20));
    Future<JsonObject> run = run(vertx, stack.config(Map.of("all", LocalStack.fullExport().put("compress", false))), "all");

    // Part of the scenario: let the run go on against the slow server for a while, then count.
    Thread.sleep(3_000);
    long sentWhileSlow = stack.bigquery.batchesSent();
    stack.sftp.clearFaults();
    JsonObject result = Await.result(run, 120);

    // 200 batches exist; while the server took ~1.6 MB/s, only a few per stream may be in flight
    // (gRPC windows + the client's one-response buffer + the batch being formatted).
    assertThat(sentWhileSlow).isBetween(1L, 40L);
    assertThat(result.getLong("rows")).isEqualTo(rows);
  }

  @Test
  void unknownExportIsNotFound(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 10);
    Throwable failure = Await.failure(run(vertx, stack.config(Map.of("all", LocalStack.fullExport())), "nope"));
    assertThat(ExportClient.failureStatus(failure)).isEqualTo(404);
    assertThat(ExportClient.failureBody(failure).getString("error")).isEqualTo("export_name: unknown export \"nope\"");
  }
}
