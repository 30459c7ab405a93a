package io.bqsftp.support;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.EmbeddedSftpServer;
import io.bqsftp.local.LocalBigQueryServer;
import io.bqsftp.staging.Staging;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real servers a test exports between: the local BigQuery Read API server and an embedded MINA
 * SSHD rooted in a temp folder, plus a config JSON pointing at both.
 */
public final class LocalStack implements AutoCloseable {
  public static final String TABLE = DemoTable.DEFAULT_TABLE;
  public static final String PASSWORD = "s3cret-Pa55";

  public final LocalBigQueryServer bigquery;
  public final EmbeddedSftpServer sftp;
  public final Path root;
  private final List<ExportEngine> engines = new ArrayList<>();
  /** The test's own folder: staging, spool and ledger live here, never in the working directory. */
  public final Path dir;

  private LocalStack(LocalBigQueryServer bigquery, EmbeddedSftpServer sftp, Path root, Path dir) {
    this.bigquery = bigquery;
    this.sftp = sftp;
    this.root = root;
    this.dir = dir;
  }

  public static LocalStack start(Path dir, long rows) throws Exception {
    Path root = Files.createDirectories(dir.resolve("sftp-root"));
    LocalBigQueryServer bigquery = LocalBigQueryServer.start(0);
    bigquery.addTable(TABLE, DemoTable.generate(rows));
    EmbeddedSftpServer sftp = new EmbeddedSftpServer().hostKeyFile(dir.resolve("hostkey.ser")).start(root, "partner", PASSWORD);
    return new LocalStack(bigquery, sftp, root, dir);
  }

  /** A config with one export per entry of {@code exports} (name to export JSON). */
  public JsonObject configJson(Map<String, JsonObject> exports) {
    var exportsJson = new JsonObject();
    exports.forEach(exportsJson::put);
    return new JsonObject()
        .put("sftp", new JsonObject()
            .put("host", "127.0.0.1")
            .put("port", sftp.port())
            .put("username", "partner")
            .put("password", PASSWORD)
            .put("host_key_fingerprint", sftp.hostKeyFingerprint())
            .put("directory", "/outbound"))
        .put("bigquery", new JsonObject().put("endpoint", bigquery.endpoint()).put("max_streams", 3))
        .put("staging_directory", dir.resolve("staging").toString())
        .put("spool_directory", dir.resolve("spool").toString())
        .put("ledger_file", dir.resolve("ledger/exports.jsonl").toString())
        .put("exports", exportsJson);
  }

  public ServiceConfig config(Map<String, JsonObject> exports) {
    return ConfigLoader.fromJson(configJson(exports), Map.of());
  }

  public static JsonObject fullExport() {
    return new JsonObject().put("source_table", TABLE).put("export_type", "full").put("compress", true);
  }

  /** Every regular file under the SFTP root, hidden temp files included. */
  public Stream<Path> files() throws IOException {
    return Files.walk(root).filter(Files::isRegularFile).sorted();
  }

  /** An engine on this stack's servers, closed with the stack. */
  public ExportEngine engine(ServiceConfig config) throws IOException {
    return track(ExportEngine.start(config));
  }

  /** As {@link #engine(ServiceConfig)}, staging parts that cannot land in {@code staging}. */
  public ExportEngine engine(ServiceConfig config, Staging staging) throws IOException {
    return track(ExportEngine.start(config, staging));
  }

  private ExportEngine track(ExportEngine engine) {
    engines.add(engine);
    return engine;
  }

  /** Closes the engines it started, then the servers. */
  @Override
  public void close() throws Exception {
    engines.forEach(ExportEngine::close);
    try {
      sftp.close();
    } finally {
      bigquery.close();
    }
  }
}
