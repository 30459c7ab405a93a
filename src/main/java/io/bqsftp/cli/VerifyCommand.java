package io.bqsftp.cli;

import io.bqsftp.recovery.CheckReport;
import io.bqsftp.recovery.RunCheck;
import io.bqsftp.recovery.RunReconcile;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Compares a run's recorded files with the SFTP server's listing. Exit 0 when they agree, 1 when
 * anything is missing, of another size or unexpected (or the run did not succeed), 2 for a bad
 * request.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check that the SFTP server holds exactly the files the ledger recorded for a run.")
public final class VerifyCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions = new ConfigOptions();

  @Option(names = "--export", required = true, paramLabel = "NAME", description = "Export name from the config.")
  String export;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Run date to check.")
  String date;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(names = "--reconcile", description = "First deliver journaled history, and record a run whose files all "
      + "landed but whose end was never recorded as succeeded.")
  boolean reconcile;

  @Override
  public Integer call() throws Exception {
    var out = new PrintWriter(System.out, true);
    var err = new PrintWriter(System.err, true);
    return RecoveryCli.run("verify", configOptions, date, err, (services, runDate) -> {
      CheckReport report = reconcile
          ? new RunReconcile(services, java.time.Clock.systemUTC()).reconcile(export, runDate)
          : new RunCheck(services).check(export, runDate);
      out.print(json ? report.toJson().encodePrettily() + "\n" : report.toText());
      out.flush();
      return report.ok() ? 0 : 1;
    });
  }
}
