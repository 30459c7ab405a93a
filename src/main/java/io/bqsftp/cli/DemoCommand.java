package io.bqsftp.cli;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.EmbeddedSftpServer;
import io.bqsftp.local.HistoryTables;
import io.bqsftp.local.JsonLinesTable;
import io.bqsftp.local.LocalBigQueryServer;
import io.bqsftp.local.LocalTable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole product on one machine with no cloud: the local BigQuery server with a generated
 * table (or the user's), an embedded SFTP server rooted in a local folder, and one export through
 * the same event-bus path as production.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Export a generated (or your own) table to an embedded SFTP server in a local folder.")
public final class DemoCommand implements Callable<Integer> {
  static final String EXPORT = "demo_all_types";
  static final String USER_TABLE = "demo-project.demo_dataset.user_table";

  @Option(names = "--rows", defaultValue = "1000000", description = "Rows of the generated table (default ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--out", defaultValue = "demo-out", description = "Folder the SFTP server writes into (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--schema", paramLabel = "FILE", description = "BigQuery JSON schema (bq show --schema) of your own table.")
  Path schema;

  @Option(names = "--rows-file", paramLabel = "FILE", description = "Newline-delimited JSON rows of your own table.")
  Path rowsFile;

  @Option(names = "--state", defaultValue = "demo-state",
      description = "Folder for the demo's export history and staging (default ${DEFAULT-VALUE}).")
  Path state;

  @Option(names = "--streams", defaultValue = "4", description = "Read streams (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--max-file-bytes", defaultValue = "1000000000", description = "CSV bytes per file (default ${DEFAULT-VALUE}).")
  long maxFileBytes;

  @Option(names = "--no-compress", description = "Write plain .csv instead of .csv.gz.")
  boolean noCompress;

  @Option(names = "--history-table", paramLabel = "PROJECT.DATASET.TABLE",
      description = "Record the export history in this table (and its _files table) on the local BigQuery server,"
          + " through the Storage Write API, as metadata.export_metadata_table does; default: the ledger file in --state.")
  String historyTable;

  @Override
  public Integer call() throws Exception {
    var stdout = new PrintWriter(System.out, true);
    if ((schema == null) != (rowsFile == null)) {
      System.err.println("--schema and --rows-file go together");
      return 2;
    }
    if (historyTable != null && !io.bqsftp.config.TableId.isValid(historyTable)) {
      System.err.println("--history-table must be project.dataset.table, got '" + historyTable + "'");
      return 2;
    }
    Files.createDirectories(out);
    String table = schema == null ? DemoTable.DEFAULT_TABLE : USER_TABLE;
    LocalTable source = schema == null ? DemoTable.generate(rows) : JsonLinesTable.load(schema, rowsFile);
    Path hostKeyDir = Files.createTempDirectory("bqsftp-demo-hostkey");
    String password = UUID.randomUUID().toString();
    try (LocalBigQueryServer bigquery = LocalBigQueryServer.start(0);
        EmbeddedSftpServer sftp = new EmbeddedSftpServer().hostKeyFile(hostKeyDir.resolve("host.ser")).start(out, "demo", password)) {
      bigquery.addTable(table, source);
      if (historyTable != null) {
        HistoryTables.create(bigquery, historyTable);
      }
      ServiceConfig config = ConfigLoader.fromJson(config(bigquery, sftp, password, table), Map.of());
      Vertx vertx = Vertx.vertx();
      try (ServiceRuntime runtime = ServiceRuntime.start(vertx, config, false)) {
        stdout.printf("demo: exporting %s (%d rows) from the local BigQuery server at %s%n",
            table, source.rowCount(), bigquery.endpoint());
        stdout.printf("demo: to the embedded SFTP server at 127.0.0.1:%d (host key %s), rooted in %s%n",
            sftp.port(), sftp.hostKeyFingerprint(), out.toAbsolutePath());
        var request = new ExportRequest(EXPORT, Optional.of(LocalDate.now(ZoneOffset.UTC)));
        var outcome = RunCommand.reportWithProgress(runtime, config, request, stdout);
        summarize(outcome.body(), stdout);
        if (historyTable != null) {
          stdout.printf("demo: export history in %s (%d run events) and %s_files (%d file events) on the local BigQuery server%n",
              historyTable, bigquery.tables().get(historyTable).rowCount(), historyTable,
              bigquery.tables().get(historyTable + "_files").rowCount());
        }
        return outcome.exitCode();
      }
    }
  }

  /** The {@code sftp} config that reaches an embedded server, its host key pinned. */
  static JsonObject sftpConfig(EmbeddedSftpServer sftp, String user, String password) {
    return new JsonObject()
        .put("host", EmbeddedSftpServer.HOST)
        .put("port", sftp.port())
        .put("username", user)
        .put("password", password)
        .put("host_key_fingerprint", sftp.hostKeyFingerprint())
        .put("directory", "/");
  }

  private JsonObject config(LocalBigQueryServer bigquery, EmbeddedSftpServer sftp, String password, String table) {
    JsonObject config = new JsonObject()
        .put("sftp", sftpConfig(sftp, "demo", password))
        .put("bigquery", new JsonObject()
            .put("endpoint", bigquery.endpoint())
            .put("max_streams", streams))
        .put("ledger_file", state.resolve("ledger.jsonl").toString())
        .put("staging_directory", state.resolve("staging").toString())
        .put("exports", new JsonObject()
            .put(EXPORT, new JsonObject()
                .put("source_table", table)
                .put("compress", !noCompress)
                .put("export_type", "full")
                .put("max_file_bytes", maxFileBytes)));
    if (historyTable != null) {
      config.put("metadata", new JsonObject().put("export_metadata_table", historyTable));
    }
    return config;
  }

  private void summarize(JsonObject result, PrintWriter stdout) {
    if (!"succeeded".equals(result.getString("status"))) {
      stdout.println("demo: the export failed: " + result.getString("error"));
      return;
    }
    double seconds = Math.max(0.001, result.getLong("duration_ms", 0L) / 1000.0);
    long csv = result.getLong("csv_bytes", 0L);
    stdout.printf("demo: %d rows, %d file(s), %,d bytes written (%,d bytes of CSV) in %.2f s: %.1f MB/s of CSV, %.0f rows/s%n",
        result.getLong("rows"), result.getJsonArray("files").size(), result.getLong("bytes"), csv,
        seconds, csv / seconds / 1e6, result.getLong("rows") / seconds);
    result.getJsonArray("files").forEach(f ->
        stdout.println("demo: file " + out.resolve(((JsonObject) f).getString("name")).toAbsolutePath()));
    if (historyTable == null) {
      stdout.println("demo: export history in " + state.resolve("ledger.jsonl").toAbsolutePath());
    }
  }
}
