package io.bqsftp.export;

import io.bqsftp.contract.ExportRequest;
import io.bqsftp.service.ExportEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.ops.Metrics;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a run reports to Prometheus: rows, bytes, files, read bytes and upload errors. */
@ExtendWith(VertxExtension.class)
class ExportMetricsTest {
  @TempDir Path dir;
  LocalStack stack;
  ExportEngine engine;
  Metrics metrics = new Metrics();

  @AfterEach
  void stop() throws Exception {
    engine.close();
    stack.close();
    metrics.close();
  }

  private ExportClient start(Vertx vertx, ServiceConfig config) throws Exception {
    engine = ExportEngine.start(config);
    Clock clock = Clock.systemUTC();
    Await.result(vertx.deployVerticle(new ExportCoordinator(config, engine, clock,
        ExportCoordinator.registryFor(config, clock), Optional.of(metrics))));
    return new ExportClient(vertx);
  }

  @Test
  void successfulRunCountsRowsBytesFilesAndReadBytes(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 2_000);
    var client = start(vertx, stack.config(Map.of("all", LocalStack.fullExport())));
    Await.result(client.run(new ExportRequest("all", Optional.of(LocalDate.of(2024, 6, 30)))));

    String scrape = metrics.scrape();
    assertThat(scrape).contains("bqsftp_export_rows_total{export=\"all\"} 2000.0");
    assertThat(scrape).contains("bqsftp_export_files_landed_total{export=\"all\"} 1.0");
    assertThat(value(scrape, "bqsftp_bigquery_read_bytes_total")).isGreaterThan(100_000);
    assertThat(scrape).doesNotContain("bqsftp_export_upload_errors_total{export=\"all\"} 1");
  }

  @Test
  void refusedWritesCountOneUploadErrorPerAttempt(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, 200);
    stack.sftp.refuseWrites(true);
    var export = LocalStack.fullExport();
    var json = stack.configJson(Map.of("all", export));
    json.getJsonObject("sftp").put("upload_attempts", 2).put("retry_initial_backoff_ms", 1);
    var client = start(vertx, io.bqsftp.config.ConfigLoader.fromJson(json, Map.of()));
    Await.failure(client.run(new ExportRequest("all", Optional.of(LocalDate.of(2024, 6, 30)))));

    String scrape = metrics.scrape();
    assertThat(scrape).contains("bqsftp_export_upload_errors_total{export=\"all\"} 2.0");
    // The server refused the writes with a status: the session itself stayed up.
    assertThat(value(scrape, "bqsftp_sftp_connection_errors_total")).isZero();
  }

  private static double value(String scrape, String metric) {
    return scrape.lines()
        .filter(l -> l.startsWith(metric + " ") || l.startsWith(metric + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
