package io.bqsftp.export;

import io.bqsftp.contract.ExportRequest;
import io.bqsftp.service.ExportEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.recovery.RetryReport;
import io.bqsftp.recovery.RunRetry;
import io.bqsftp.support.Await;
import io.bqsftp.support.CsvFiles;
import io.bqsftp.support.LocalStack;
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

/** {@code if_exists}: fail and skip against files another producer left in the folder. */
@ExtendWith(VertxExtension.class)
class IfExistsTest {
  static final long ROWS = 6_000;
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);

  @TempDir Path dir;
  LocalStack stack;
  ExportEngine engine;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  private ExportClient client(Vertx vertx, JsonObject export) throws Exception {
    var config = stack.config(Map.of("all", export));
    engine = stack.engine(config);
    Await.result(vertx.deployVerticle(new ExportCoordinator(config, engine, Clock.systemUTC())));
    return new ExportClient(vertx);
  }

  private Path outbound() throws Exception {
    return Files.createDirectories(stack.root.resolve("outbound"));
  }

  private List<String> names() throws Exception {
    return stack.files().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void failLeavesAForeignFileAloneAndRetryCommitsOnceItIsGone(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    Path foreign = Files.writeString(outbound().resolve("all_20240630-000000000000.csv"), "the partner's own file");
    var client = client(vertx, LocalStack.fullExport().put("compress", false).put("if_exists", "fail")
        .put("done_file", "all_{date}.done"));

    Throwable failure = Await.failure(client.run(new ExportRequest("all", Optional.of(DATE))));

    assertThat(ExportClient.failureStatus(failure)).isEqualTo(409);
    JsonObject body = ExportClient.failureBody(failure);
    assertThat(body.getString("failed_stage")).isEqualTo("exists");
    assertThat(body.getString("error")).contains("exports.all.if_exists is fail", "all_20240630-000000000000.csv");
    assertThat(foreign).hasContent("the partner's own file");
    // Nothing visible changed: no marker, no other final name; the sealed part waits under its temp name.
    assertThat(names()).filteredOn(n -> !n.startsWith(".")).containsExactly("all_20240630-000000000000.csv");
    assertThat(names()).anyMatch(n -> n.startsWith(".all_20240630-000000000000.csv.") && n.endsWith(".part"));
    assertThat(body.getJsonArray("staged")).hasSize(1);

    Files.delete(foreign);
    RetryReport report = new RunRetry(engine.recovery(), Clock.systemUTC()).retry("all", DATE);
    assertThat(report.succeeded()).isTrue();
    assertThat(CsvFiles.records(CsvFiles.text(foreign), ',')).hasSize((int) ROWS + 1);
    assertThat(names()).containsExactly("all_20240630-000000000000.csv", "all_20240630.done");
  }

  @Test
  void failAlsoRefusesToReplaceOurOwnEarlierSet(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 500);
    var client = client(vertx, LocalStack.fullExport().put("if_exists", "fail"));
    JsonObject first = Await.result(client.run(new ExportRequest("all", Optional.of(DATE))));
    assertThat(first.getString("status")).isEqualTo("succeeded");
    byte[] delivered = Files.readAllBytes(outbound().resolve("all_20240630-000000000000.csv.gz"));

    Throwable again = Await.failure(client.run(new ExportRequest("all", Optional.of(DATE))));
    assertThat(ExportClient.failureStatus(again)).isEqualTo(409);
    assertThat(outbound().resolve("all_20240630-000000000000.csv.gz")).hasBinaryContent(delivered);
  }

  @Test
  void skipKeepsExistingNamesAndDeliversTheRest(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    Path kept = Files.writeString(outbound().resolve("all_20240630-000000000001.csv"), "already picked up");
    Path extra = Files.writeString(outbound().resolve("all_20240630-000000000009.csv"), "an extra part");
    var client = client(vertx, LocalStack.fullExport().put("compress", false).put("max_file_bytes", 400_000)
        .put("if_exists", "skip").put("manifest_file", "all_{date}.manifest.json"));

    JsonObject result = Await.result(client.run(new ExportRequest("all", Optional.of(DATE))));

    assertThat(result.getString("status")).isEqualTo("succeeded");
    assertThat(kept).hasContent("already picked up");
    assertThat(extra).hasContent("an extra part");
    var delivered = result.getJsonArray("files").stream().map(JsonObject.class::cast)
        .map(f -> f.getString("name")).toList();
    assertThat(result.getJsonArray("skipped")).containsExactly("all_20240630-000000000001.csv");
    assertThat(delivered).hasSizeGreaterThan(1).contains("all_20240630-000000000000.csv")
        .doesNotContain("all_20240630-000000000001.csv");
    long rowsInFiles = 0;
    for (String name : delivered) {
      rowsInFiles += CsvFiles.records(CsvFiles.text(outbound().resolve(name)), ',').size() - 1;
    }
    assertThat(result.getLong("rows")).isEqualTo(rowsInFiles).isLessThan(ROWS);
    var manifest = new JsonObject(Files.readString(outbound().resolve("all_20240630.manifest.json")));
    assertThat(manifest.encode()).doesNotContain("000000000001.csv");
    assertThat(names()).noneMatch(n -> n.startsWith("."));
    assertThat(Files.readString(stack.dir.resolve("ledger/exports.jsonl")))
        .contains("\"file_name\":\"all_20240630-000000000001.csv\"").contains("\"status\":\"skipped\"");
  }
}
