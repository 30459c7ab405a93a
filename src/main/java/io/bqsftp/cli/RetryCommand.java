package io.bqsftp.cli;

import io.bqsftp.recovery.RetryReport;
import io.bqsftp.recovery.RunRetry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Uploads the staged (or missing) files of a failed run from staging, never BigQuery, and prints
 * the JSON report. Exit 0 when every file of the run has landed, 1 when not, 2 for a bad request.
 */
@Command(name = "retry", mixinStandardHelpOptions = true,
    description = "Upload the staged files of a failed run from staging and print a JSON report.")
public final class RetryCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions = new ConfigOptions();

  @Option(names = "--export", required = true, paramLabel = "NAME", description = "Export name from the config.")
  String export;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Run date of the run to retry.")
  String date;

  @Override
  public Integer call() throws Exception {
    var out = new PrintWriter(System.out, true);
    var err = new PrintWriter(System.err, true);
    return RecoveryCli.run("retry", configOptions, date, err, (services, runDate) -> {
      RetryReport report = new RunRetry(services, Clock.systemUTC()).retry(export, runDate);
      out.println(report.toJson().encodePrettily());
      return report.succeeded() ? 0 : 1;
    });
  }
}
