package io.bqsftp.cli;

import io.bqsftp.config.TableId;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.HistoryTables;
import io.bqsftp.local.JsonLinesTable;
import io.bqsftp.local.LocalBigQueryServer;
import io.bqsftp.local.LocalTable;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the local BigQuery Storage Read API server on its own until Ctrl-C. */
@Command(
    name = "local-bigquery",
    mixinStandardHelpOptions = true,
    description = {
      "Serves tables over a local BigQuery Storage Read API (plaintext gRPC on 127.0.0.1, Arrow format),",
      "and export history tables over the Storage Write API as well.",
      "Point the service at it with the printed endpoint."
    })
public final class LocalBigQueryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "9060", description = "Port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--table", paramLabel = "PROJECT.DATASET.TABLE=SCHEMA.json,ROWS.jsonl",
      description = "A table from a `bq show --schema --format=prettyjson` schema and newline-delimited JSON rows. Repeatable.")
  List<String> tables = new ArrayList<>();

  @Option(names = "--demo-rows", paramLabel = "N",
      description = "Also serve a generated table of every BigQuery type with N rows as " + DemoTable.DEFAULT_TABLE + ".")
  Long demoRows;

  @Option(names = "--history-table", paramLabel = "PROJECT.DATASET.TABLE",
      description = "Also serve empty export history tables (the config's metadata.export_metadata_table and its _files"
          + " table) that take Storage Write API appends and are read back through the Read API. Repeatable.")
  List<String> historyTables = new ArrayList<>();

  @Option(names = "--batch-rows", paramLabel = "N", description = "Rows per ReadRows response. Default: "
      + LocalBigQueryServer.DEFAULT_BATCH_ROWS + ".")
  Integer batchRows;

  @Option(names = "--max-streams", paramLabel = "N", description = "Most read streams granted to a session. Default: "
      + LocalBigQueryServer.DEFAULT_MAX_STREAMS + ".")
  Integer maxStreams;

  @Option(names = "--read-delay-ms", paramLabel = "MS", description = "Pause after each ReadRows response, to imitate a slow server.")
  Long readDelayMs;

  @Option(names = "--fail-after-rows", paramLabel = "N",
      description = "Fault injection: fail each read stream once, after its first N rows, with --fail-code.")
  Long failAfterRows;

  @Option(names = "--fail-code", paramLabel = "CODE", defaultValue = "UNAVAILABLE",
      description = "gRPC status of the injected failure (UNAVAILABLE is retried by clients, INVALID_ARGUMENT is not). "
          + "Default: ${DEFAULT-VALUE}.")
  Status.Code failCode;

  @Override
  public Integer call() throws Exception {
    if (tables.isEmpty() && demoRows == null && historyTables.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give at least one --table, --demo-rows or --history-table");
    }
    for (String history : historyTables) {
      if (!TableId.isValid(history)) {
        throw new ParameterException(spec.commandLine(), "--history-table must be project.dataset.table, got '" + history + "'");
      }
    }
    List<Map.Entry<String, LocalTable>> loaded = new ArrayList<>();
    for (String option : tables) {
      loaded.add(parseTable(option));
    }
    if (demoRows != null) {
      if (demoRows < 0) {
        throw new ParameterException(spec.commandLine(), "--demo-rows must be >= 0");
      }
      loaded.add(Map.entry(DemoTable.DEFAULT_TABLE, DemoTable.generate(demoRows)));
    }
    checkServerOptions();
    LocalBigQueryServer server = LocalBigQueryServer.start(port);
    if (batchRows != null) {
      server.setBatchRows(batchRows);
    }
    if (maxStreams != null) {
      server.setMaxStreams(maxStreams);
    }
    if (readDelayMs != null) {
      server.setReadDelay(Duration.ofMillis(readDelayMs));
    }
    if (failAfterRows != null) {
      server.failReadRowsAfter(failAfterRows, Status.fromCode(failCode));
    }
    loaded.forEach(t -> server.addTable(t.getKey(), t.getValue()));
    historyTables.forEach(history -> HistoryTables.create(server, history));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-bigquery-shutdown"));

    var out = spec.commandLine().getOut();
    out.println("Local BigQuery Storage Read API" + (historyTables.isEmpty() ? "" : " and Write API (history tables)")
        + " listening on " + server.endpoint() + " (plaintext, no credentials)");
    server.tables().forEach((name, table) ->
        out.println("  " + name + "  (" + table.rowCount() + " rows, " + table.columns().size() + " columns)"));
    out.println("Press Ctrl-C to stop.");
    out.flush();
    server.awaitTermination();
    return 0;
  }

  /** Rejects bad numbers before the server starts, naming the option. */
  private void checkServerOptions() {
    if (batchRows != null && batchRows < 1) {
      throw new ParameterException(spec.commandLine(), "--batch-rows must be >= 1");
    }
    if (maxStreams != null && maxStreams < 1) {
      throw new ParameterException(spec.commandLine(), "--max-streams must be >= 1");
    }
    if (readDelayMs != null && readDelayMs < 0) {
      throw new ParameterException(spec.commandLine(), "--read-delay-ms must be >= 0");
    }
    if (failAfterRows != null && failAfterRows < 0) {
      throw new ParameterException(spec.commandLine(), "--fail-after-rows must be >= 0");
    }
    if (failCode == Status.Code.OK) {
      throw new ParameterException(spec.commandLine(), "--fail-code must not be OK");
    }
  }

  private Map.Entry<String, LocalTable> parseTable(String option) {
    int eq = option.indexOf('=');
    int comma = option.indexOf(',', eq + 1);
    if (eq < 0 || comma < 0) {
      throw new ParameterException(spec.commandLine(),
          "--table must look like PROJECT.DATASET.TABLE=SCHEMA.json,ROWS.jsonl, got '" + option + "'");
    }
    String name = option.substring(0, eq);
    if (!TableId.isValid(name)) {
      throw new ParameterException(spec.commandLine(), "--table name must be project.dataset.table, got '" + name + "'");
    }
    try {
      return Map.entry(name, JsonLinesTable.load(Path.of(option.substring(eq + 1, comma)), Path.of(option.substring(comma + 1))));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--table " + name + ": " + e.getMessage(), e, null, option);
    }
  }
}
