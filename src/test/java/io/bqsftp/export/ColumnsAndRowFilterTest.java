package io.bqsftp.export;

import io.bqsftp.contract.ExportRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.support.Await;
import io.bqsftp.support.CsvFiles;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
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
 * {@code columns} and {@code row_filter} through the whole runner: the local BigQuery server
 * applies the selection and the restriction, the files follow the configured column order, and a
 * column or filter BigQuery rejects is the user's error (400) naming the key.
 */
@ExtendWith(VertxExtension.class)
class ColumnsAndRowFilterTest {
  static final long ROWS = 3_000;
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);

  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  private ExportClient client(Vertx vertx, Map<String, JsonObject> exports) throws Exception {
    ServiceConfig config = stack.config(exports);
    Await.result(vertx.deployVerticle(new ExportCoordinator(config, stack.engine(config), Clock.systemUTC())));
    return new ExportClient(vertx);
  }

  private List<List<String>> records(String file) throws Exception {
    return CsvFiles.records(CsvFiles.text(stack.root.resolve("outbound/" + file)), ',');
  }

  @Test
  void filterAndColumnsSelectRowsAndOrderTheHeader(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    var all = LocalStack.fullExport().put("compress", false);
    var picked = LocalStack.fullExport().put("compress", false)
        .put("columns", new JsonArray().add("string_val").add("ID").add("event_date"))
        .put("row_filter", "(id < 500 OR id >= 2900) AND bool_val AND string_val IS NOT NULL");
    var windowed = LocalStack.fullExport().put("compress", false)
        .put("export_type", "date_range").put("date_column", "event_date").put("days_lookback", 60)
        .put("columns", new JsonArray().add("id"))
        .put("row_filter", "id >= 1000");
    var client = client(vertx, Map.of("all", all, "picked", picked, "windowed", windowed));
    Await.result(client.run(new ExportRequest("all", Optional.of(DATE))));
    JsonObject pickedRun = Await.result(client.run(new ExportRequest("picked", Optional.of(DATE))));
    JsonObject windowRun = Await.result(client.run(new ExportRequest("windowed", Optional.of(DATE))));

    var source = records("all_20240630-000000000000.csv");
    List<String> header = source.get(0);
    int id = header.indexOf("id");
    int bool = header.indexOf("bool_val");
    int string = header.indexOf("string_val");
    int date = header.indexOf("event_date");
    List<List<String>> expected = source.stream().skip(1)
        .filter(r -> {
          long n = Long.parseLong(r.get(id));
          return (n < 500 || n >= 2900) && r.get(bool).equals("true") && !r.get(string).isEmpty();
        })
        .map(r -> List.of(r.get(string), r.get(id), r.get(date)))
        .toList();
    // NULL and '' both print as an empty field; the demo table has both, so IS NOT NULL removes
    // fewer rows than "non-empty" would: compare the rows that are unambiguous.
    var got = records("picked_20240630-000000000000.csv");
    assertThat(got.get(0)).containsExactly("string_val", "id", "event_date");
    assertThat(got.subList(1, got.size())).containsAll(expected);
    assertThat(got.subList(1, got.size())).allSatisfy(r -> {
      long n = Long.parseLong(r.get(1));
      assertThat(n < 500 || n >= 2900).isTrue();
    });
    long expectedWithEmpty = source.stream().skip(1)
        .filter(r -> {
          long n = Long.parseLong(r.get(id));
          return (n < 500 || n >= 2900) && r.get(bool).equals("true");
        }).count();
    assertThat(pickedRun.getLong("rows")).isEqualTo(got.size() - 1L)
        .isGreaterThanOrEqualTo(expected.size()).isLessThan(expectedWithEmpty + 1).isGreaterThan(0L);

    long windowExpected = source.stream().skip(1)
        .filter(r -> Long.parseLong(r.get(id)) >= 1000 && !r.get(date).isEmpty())
        .map(r -> LocalDate.parse(r.get(date)))
        .filter(d -> !d.isBefore(DATE.minusDays(60)) && !d.isAfter(DATE))
        .count();
    var windowRecords = records("windowed_20240630-000000000000.csv");
    assertThat(windowRecords.get(0)).containsExactly("id");
    assertThat(windowExpected).isGreaterThan(0);
    assertThat(windowRun.getLong("rows")).isEqualTo(windowExpected).isEqualTo(windowRecords.size() - 1L);
  }

  @Test
  void unknownColumnIsTheUsersErrorNamingColumns(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 100);
    var export = LocalStack.fullExport().put("columns", new JsonArray().add("id").add("no_such_column"));
    Throwable failure = Await.failure(client(vertx, Map.of("bad", export)).run(new ExportRequest("bad", Optional.of(DATE))));

    assertThat(ExportClient.failureStatus(failure)).isEqualTo(400);
    JsonObject body = ExportClient.failureBody(failure);
    assertThat(body.getString("failed_stage")).isEqualTo("config");
    assertThat(body.getString("error")).startsWith("exports.bad.columns: ").contains("no_such_column");
    assertThat(stack.files()).noneMatch(p -> p.getFileName().toString().startsWith("bad_"));
  }

  @Test
  void filterBigQueryRejectsIsTheUsersErrorNamingRowFilter(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 100);
    var unknown = LocalStack.fullExport().put("columns", new JsonArray().add("id")).put("row_filter", "idd > 3");
    var malformed = LocalStack.fullExport().put("row_filter", "id >");
    var client = client(vertx, Map.of("unknown", unknown, "malformed", malformed));
    for (String name : List.of("unknown", "malformed")) {
      Throwable failure = Await.failure(client.run(new ExportRequest(name, Optional.of(DATE))));
      assertThat(ExportClient.failureStatus(failure)).isEqualTo(400);
      assertThat(ExportClient.failureBody(failure).getString("error"))
          .startsWith("exports." + name + ".row_filter: BigQuery rejected the read session (INVALID_ARGUMENT): ");
    }
  }
}
