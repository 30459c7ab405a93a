package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /metrics} on a real Vert.x HTTP server, scraped with the web client. */
@ExtendWith(VertxExtension.class)
class MetricsEndpointTest {

  private Metrics metrics;
  private Vertx vertx;

  @BeforeEach
  void startVertxWithMetrics() {
    metrics = new Metrics();
    vertx = new MetricsSetup(metrics).createVertx(new VertxOptions());
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    metrics.close();
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void scrapeShowsExportCountersJvmAndVertxMeters(VertxTestContext testContext) {
    metrics.runStarted("product_data");
    metrics.rowsExported("product_data", 1200);
    metrics.bytesExported("product_data", 4096, 65536);
    metrics.fileLanded("product_data");
    metrics.fileLanded("product_data");
    metrics.uploadError("product_data");
    metrics.sftpConnectionError();
    metrics.readBytes(777);
    metrics.runFinished("product_data", "SUCCEEDED", Duration.ofSeconds(42));

    Router router = Router.router(vertx);
    new MetricsSetup(metrics).mount(router);
    WebClient client = WebClient.create(vertx);

    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .compose(server -> get(client, server)  // first request creates the HTTP server meters
            .compose(ignored -> get(client, server)))
        .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
          String body = response.bodyAsString();
          assertThat(body).contains(
              "bqsftp_export_runs_started_total{export=\"product_data\"} 1.0",
              "bqsftp_export_rows_total{export=\"product_data\"} 1200.0",
              "bqsftp_export_compressed_bytes_total{export=\"product_data\"} 4096.0",
              "bqsftp_export_uncompressed_bytes_total{export=\"product_data\"} 65536.0",
              "bqsftp_export_files_landed_total{export=\"product_data\"} 2.0",
              "bqsftp_export_upload_errors_total{export=\"product_data\"} 1.0",
              "bqsftp_sftp_connection_errors_total 1.0",
              "bqsftp_bigquery_read_bytes_total 777.0",
              "bqsftp_export_run_duration_seconds_count{export=\"product_data\",status=\"succeeded\"} 1",
              "bqsftp_export_run_duration_seconds_bucket{export=\"product_data\",status=\"succeeded\",le=\"60.0\"} 1",
              "bqsftp_export_runs_in_progress{export=\"product_data\"} 0.0",
              "bqsftp_export_last_success_timestamp_seconds{export=\"product_data\"}",
              "jvm_memory_used_bytes",
              "jvm_gc_",
              "jvm_threads_live_threads",
              "system_cpu_count",
              "vertx_http_server_requests_total");
          testContext.completeNow();
        })));
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> get(WebClient client, HttpServer server) {
    return client.get(server.actualPort(), "127.0.0.1", MetricsSetup.METRICS_PATH).send();
  }
}
