package io.bqsftp.cli;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.preflight.CheckReport;
import io.bqsftp.preflight.Preflight;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Validates the config and preflights every export (or one) without exporting anything. Exit 0 when
 * every step passed, 1 when one failed (named on the last line), 2 for an invalid config or option.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Validate the config and try every step of a run (SFTP host key, login, write; BigQuery read; history; Pub/Sub) without exporting.")
public final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConfigOptions configOptions = new ConfigOptions();

  @Option(names = "--export", paramLabel = "NAME", description = "Check only this export (default: all).")
  String export;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Run date whose window the read session uses (default: today in UTC).")
  String date;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalDate runDate;
    try {
      runDate = date == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      err.println("date: expected YYYY-MM-DD, got \"" + date + "\"");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    Optional<ServiceConfig> loaded;
    try {
      loaded = configOptions.load(vertx, err);
    } finally {
      ServiceRuntime.await(vertx.close(), java.time.Duration.ofSeconds(30));
    }
    if (loaded.isEmpty()) {
      return 2;
    }
    ServiceConfig config = loaded.get();
    Collection<ExportConfig> exports;
    if (export != null) {
      Optional<ExportConfig> one = config.export(export);
      if (one.isEmpty()) {
        err.println("export: unknown export \"" + export + "\" (configured: " + String.join(", ", config.exports().keySet()) + ")");
        return 2;
      }
      exports = List.of(one.get());
    } else {
      exports = config.exports().values();
    }
    CheckReport report = new Preflight(config).run(exports, runDate);
    out.print(report.toText());
    out.flush();
    return report.ok() ? 0 : 1;
  }
}
