package io.bqsftp.cli;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.recovery.RecoveryServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the configured exports: name, table, type, SFTP folder. Nothing secret is in it. */
@Command(name = "exports", mixinStandardHelpOptions = true,
    description = "List the configured exports (name, source table, type, SFTP folder).")
public final class ExportsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigOptions configOptions = new ConfigOptions();

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    Optional<ServiceConfig> loaded;
    try {
      loaded = configOptions.load(vertx, err);
    } finally {
      ServiceRuntime.await(vertx.close(), Duration.ofSeconds(30));
    }
    if (loaded.isEmpty()) {
      return 2;
    }
    ServiceConfig config = loaded.get();
    List<ExportConfig> exports = config.exports().values().stream()
        .sorted((a, b) -> a.name().compareTo(b.name())).toList();
    out.print(json ? toJson(config, exports).encodePrettily() + "\n" : toTable(config, exports));
    out.flush();
    return 0;
  }

  static JsonObject toJson(ServiceConfig config, List<ExportConfig> exports) {
    JsonArray rows = new JsonArray();
    for (ExportConfig e : exports) {
      rows.add(new JsonObject()
          .put("name", e.name())
          .put("source_table", e.sourceTable())
          .put("export_type", type(e))
          .put("folder", RecoveryServices.remoteDirectory(config, e)));
    }
    return new JsonObject().put("exports", rows);
  }

  static String toTable(ServiceConfig config, List<ExportConfig> exports) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "TABLE", "TYPE", "FOLDER"});
    for (ExportConfig e : exports) {
      rows.add(new String[] {e.name(), e.sourceTable(), type(e), RecoveryServices.remoteDirectory(config, e)});
    }
    int[] widths = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      text.append(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s%n",
          row[0], row[1], row[2], row[3]));
    }
    return text.toString();
  }

  /** {@code full}, or {@code date_range(column, N days back)}. */
  private static String type(ExportConfig e) {
    return switch (e.exportType()) {
      case FULL -> "full";
      case DATE_RANGE -> "date_range(" + e.dateColumn().orElse("?") + ", " + e.daysLookback() + " days back)";
    };
  }
}
