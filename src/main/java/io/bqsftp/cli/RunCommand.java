package io.bqsftp.cli;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.ExportClient;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.contract.RequestException;
import io.bqsftp.preflight.RowEstimate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs one export through the event bus and prints its JSON summary; exit 0 only when it landed. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one export and print a JSON summary.")
public final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions = new ConfigOptions();

  @Option(names = "--export", required = true, paramLabel = "NAME", description = "Export name from the config.")
  String export;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Run date (default: today in UTC).")
  String date;

  @Override
  public Integer call() throws Exception {
    var out = new PrintWriter(System.out, true);
    var err = new PrintWriter(System.err, true);
    ExportRequest request;
    try {
      request = ExportRequest.fromJson(new JsonObject().put("export_name", export).put("date", date));
    } catch (RequestException e) {
      err.println(e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    Optional<ServiceConfig> config = configOptions.load(vertx, err);
    if (config.isEmpty()) {
      vertx.close();
      return 2;
    }
    try (ServiceRuntime runtime = ServiceRuntime.start(vertx, config.get(), false)) {
      return reportWithProgress(runtime, config.get(), request, out).exitCode();
    }
  }

  /**
   * As {@link #report}, with a live progress line on stderr when a person watches a terminal (rows,
   * MB, MB/s, parts, and an ETA from the read session's row estimate); nothing extra otherwise.
   */
  static Outcome reportWithProgress(ServiceRuntime runtime, ServiceConfig config, ExportRequest request, PrintWriter out)
      throws Exception {
    if (!TerminalProgress.interactive()) {
      return report(runtime, request, out);
    }
    LocalDate date = request.date().orElse(LocalDate.now(ZoneOffset.UTC));
    try (TerminalProgress progress = TerminalProgress.follow(runtime.vertx(), request.exportName(),
        request.exportName() + " " + date, System.err, System::nanoTime)) {
      config.export(request.exportName()).ifPresent(export -> runtime.vertx()
          .executeBlocking(() -> RowEstimate.of(config, export, date), false)
          .onSuccess(progress::estimatedRows));
      return report(runtime, request, out);
    }
  }

  /** Sends the request, prints the reply (or the failure body) and returns the exit code. */
  static Outcome report(ServiceRuntime runtime, ExportRequest request, PrintWriter out) throws Exception {
    Future<Outcome> reply =
        new ExportClient(runtime.vertx())
            .run(request)
            .map(json -> new Outcome(json, 0))
            .recover(e -> Future.succeededFuture(
                new Outcome(ExportClient.failureBody(e), ExportClient.failureStatus(e) < 500 ? 2 : 1)));
    Outcome outcome = ServiceRuntime.await(reply, ExportClient.DEFAULT_TIMEOUT);
    out.println(outcome.body().encodePrettily());
    return outcome;
  }

  /** A run's printed summary and the process exit code (0 landed, 1 failed, 2 bad request). */
  record Outcome(JsonObject body, int exitCode) {}
}
