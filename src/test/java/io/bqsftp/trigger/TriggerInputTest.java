package io.bqsftp.trigger;

import io.bqsftp.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.ExportCoordinator;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import io.bqsftp.ops.ReadinessState;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that costs nothing, over real HTTP: no upload reaches the disk, dates outside BigQuery's
 * DATE range are 400 (never 5xx), the last valid date works, and the queue of runs is bounded (429
 * with Retry-After).
 */
@ExtendWith(VertxExtension.class)
class TriggerInputTest {
  @TempDir Path dir;
  LocalStack stack;
  ExportEngine engine;
  ExportCoordinator coordinator;
  WebClient client;
  int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 200);
    JsonObject json = stack.configJson(Map.of(
            "product_data", LocalStack.fullExport(),
            "window", LocalStack.fullExport().put("export_type", "date_range").put("date_column", "event_date")
                .put("days_lookback", 30)))
        .put("max_concurrent_exports", 1)
        .put("max_pending_runs", 1);
    ServiceConfig config = ConfigLoader.fromJson(json, Map.of());
    engine = stack.engine(config);
    coordinator = new ExportCoordinator(config, engine, Clock.systemUTC());
    var http = new HttpTrigger(0, new HttpTrigger.Api(config, coordinator.registry(), new ReadinessState(),
        Optional.empty(), Optional.empty()));
    client = WebClient.create(vertx);
    Await.result(vertx.deployVerticle(coordinator)
        .compose(id -> vertx.deployVerticle(http)));
    port = http.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    stack.close();
  }

  private Future<HttpResponse<Buffer>> post(String body) {
    return client.post(port, "127.0.0.1", "/").putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body));
  }

  private HttpResponse<Buffer> run(String export, String date) throws Exception {
    return Await.result(post("{\"export_name\":\"" + export + "\",\"date\":\"" + date + "\"}"), 60);
  }

  private static long uploadsIn(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }

  @Test
  void multipartAndFormBodiesAre415AndNothingReachesTheDisk() throws Exception {
    Path uploads = Path.of(System.getProperty("user.dir"), "file-uploads");
    long before = uploadsIn(uploads);
    MultipartForm form = MultipartForm.create()
        .attribute("export_name", "product_data")
        .textFileUpload("file", "body.json", Buffer.buffer("{\"export_name\":\"product_data\"}"), "application/json");
    for (String path : new String[] {"/", "/exports/product_data/runs"}) {
      HttpResponse<Buffer> multipart = Await.result(client.post(port, "127.0.0.1", path).sendMultipartForm(form), 30);
      assertThat(multipart.statusCode()).as(path).isEqualTo(415);
      assertThat(multipart.bodyAsJsonObject().getString("error")).startsWith("content-type: must be application/json");
      HttpResponse<Buffer> urlEncoded = Await.result(client.post(port, "127.0.0.1", path)
          .putHeader("content-type", "application/x-www-form-urlencoded")
          .sendBuffer(Buffer.buffer("export_name=product_data")), 30);
      assertThat(urlEncoded.statusCode()).as(path).isEqualTo(415);
    }
    assertThat(uploadsIn(uploads)).isEqualTo(before);
    assertThat(stack.files()).isEmpty();
  }

  @Test
  void datesOutsideBigQuerysRangeAre400NeverAServerError() throws Exception {
    for (String date : new String[] {"+10000-01-01", "0000-12-31", "-0001-01-01", "+99999-12-31"}) {
      HttpResponse<Buffer> response = run("product_data", date);
      assertThat(response.statusCode()).as(date).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).as(date).startsWith("date: ");
    }
    // The window of a date_range export must lie in the range too: 0001-01-01 minus 30 days does not.
    HttpResponse<Buffer> early = run("window", "0001-01-01");
    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(early.bodyAsJsonObject().getString("error")).contains("days_lookback 30").contains("0001-01-01");
    assertThat(stack.files()).isEmpty();
  }

  @Test
  void theLastDayBigQueryHasExports() throws Exception {
    HttpResponse<Buffer> full = run("product_data", "9999-12-31");
    assertThat(full.statusCode()).as(full.bodyAsString()).isEqualTo(200);
    assertThat(full.bodyAsJsonObject().getLong("rows")).isEqualTo(200L);
    HttpResponse<Buffer> window = run("window", "9999-12-31");
    assertThat(window.statusCode()).as(window.bodyAsString()).isEqualTo(200);
    assertThat(stack.root.resolve("outbound/product_data_99991231-000000000000.csv.gz")).exists();
    assertThat(stack.root.resolve("outbound/window_99991231-000000000000.csv.gz")).exists();
  }

  @Test
  void runsBeyondTheQueueAre429WithRetryAfter() throws Exception {
    // Each run takes a few seconds: the first is still running when the third request arrives.
    stack.bigquery.setBatchRows(10);
    stack.bigquery.setReadDelay(Duration.ofMillis(300));
    // One running (max_concurrent_exports 1) and one waiting (max_pending_runs 1)...
    Future<HttpResponse<Buffer>> first = post("{\"export_name\":\"product_data\",\"date\":\"2025-01-01\"}");
    Future<HttpResponse<Buffer>> second = post("{\"export_name\":\"product_data\",\"date\":\"2025-01-02\"}");
    awaitRegistered(2);
    // ...so a third export and date is refused at once.
    HttpResponse<Buffer> third = run("product_data", "2025-01-03");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.getHeader("Retry-After")).isEqualTo("60");
    assertThat(third.bodyAsJsonObject().getString("error")).contains("max_pending_runs");
    assertThat(Await.result(first, 60).statusCode()).isEqualTo(200);
    assertThat(Await.result(second, 60).statusCode()).isEqualTo(200);
    // Once they are done there is room again.
    stack.bigquery.setReadDelay(Duration.ZERO);
    assertThat(run("product_data", "2025-01-03").statusCode()).isEqualTo(200);
  }

  /** Waits until the coordinator knows {@code runs} runs (bounded). */
  private void awaitRegistered(int runs) throws Exception {
    Poll.value(runs + " run(s) registered with the coordinator", Duration.ofSeconds(20),
        () -> coordinator.registry().size(), size -> size >= runs);
  }
}
