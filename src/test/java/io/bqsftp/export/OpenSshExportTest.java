package io.bqsftp.export;

import io.bqsftp.contract.ExportRequest;
import io.bqsftp.service.ExportEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.LocalBigQueryServer;
import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.sftp.RemoteFolder;
import io.bqsftp.support.Await;
import io.bqsftp.support.CsvFiles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 2: a whole export into a real OpenSSH sshd (chrooted internal-sftp, key login, known_hosts),
 * started by {@code .ci/start-sshd.sh}. Skipped when its SFTP_IT_* variables are not set.
 */
@ExtendWith(VertxExtension.class)
class OpenSshExportTest {
  static final long ROWS = 20_000;
  static final LocalDate DATE = LocalDate.of(2024, 5, 1);

  @TempDir Path dir;
  Map<String, String> env = System.getenv();
  LocalBigQueryServer bigquery;
  ExportEngine engine;
  String directory;

  @BeforeEach
  void requireServer() {
    Assumptions.assumeTrue(env.get("SFTP_IT_HOST") != null && env.get("SFTP_IT_KEY_FILE") != null,
        "OpenSSH tier-2 server not configured (SFTP_IT_* unset): run .ci/start-sshd.sh and source its env file");
    bigquery = LocalBigQueryServer.start(0);
    bigquery.addTable(DemoTable.DEFAULT_TABLE, DemoTable.generate(ROWS));
    directory = env.get("SFTP_IT_DIRECTORY") + "/export-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
  }

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (bigquery != null) {
      bigquery.close();
    }
  }

  private ServiceConfig config() {
    var json = new JsonObject()
        .put("sftp", new JsonObject()
            .put("host", env.get("SFTP_IT_HOST"))
            .put("port", Integer.parseInt(env.get("SFTP_IT_PORT")))
            .put("username", env.get("SFTP_IT_USER"))
            .put("private_key_file", env.get("SFTP_IT_KEY_FILE"))
            .put("known_hosts_file", env.get("SFTP_IT_KNOWN_HOSTS"))
            .put("directory", directory))
        .put("bigquery", new JsonObject().put("endpoint", bigquery.endpoint()).put("max_streams", 3))
        .put("ledger_file", dir.resolve("ledger.jsonl").toString())
        .put("staging_directory", dir.resolve("staging").toString())
        .put("spool_directory", dir.resolve("spool").toString())
        .put("exports", new JsonObject().put("partner_feed", new JsonObject()
            .put("source_table", DemoTable.DEFAULT_TABLE)
            .put("export_type", "full")
            .put("max_file_bytes", 3_000_000)));
    return ConfigLoader.fromJson(json, Map.of());
  }

  @Test
  void exportLandsInOpenSshAndARerunReplacesIt(Vertx vertx) throws Exception {
    ServiceConfig config = config();
    engine = ExportEngine.start(config);
    Await.result(vertx.deployVerticle(new ExportCoordinator(config, engine, Clock.systemUTC())));
    var client = new ExportClient(vertx);

    JsonObject first = Await.result(client.run(new ExportRequest("partner_feed", Optional.of(DATE))), 120);
    JsonObject second = Await.result(client.run(new ExportRequest("partner_feed", Optional.of(DATE))), 120);

    assertThat(first.getString("status")).isEqualTo("succeeded");
    assertThat(second.getJsonArray("files")).hasSameSizeAs(first.getJsonArray("files"));
    try (var pool = new SftpConnectionPool(config.sftp())) {
      var uploader = new RemoteFolder(pool, directory);
      List<RemoteFileInfo> listing = uploader.list();
      assertThat(listing).extracting(RemoteFileInfo::name)
          .containsExactlyElementsOf(second.getJsonArray("files").stream()
              .map(f -> ((JsonObject) f).getString("name")).toList())
          .allMatch(name -> name.matches("partner_feed_20240501-\\d{12}\\.csv\\.gz"));
      long rows = 0;
      for (RemoteFileInfo file : listing) {
        Path local = dir.resolve(file.name());
        try (var connection = pool.acquire();
            var remote = connection.sftp().open(directory + "/" + file.name());
            InputStream in = remote.new RemoteFileInputStream()) {
          Files.copy(in, local);
        }
        assertThat(Files.size(local)).isEqualTo(file.size());
        rows += CsvFiles.records(CsvFiles.text(local), ',').size() - 1;
        uploader.delete(file.name());
      }
      assertThat(rows).isEqualTo(ROWS);
    }
  }
}
