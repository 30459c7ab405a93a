package io.bqsftp;

import io.bqsftp.cli.BenchCommand;
import io.bqsftp.cli.CheckCommand;
import io.bqsftp.cli.DemoCommand;
import io.bqsftp.cli.ExportsCommand;
import io.bqsftp.cli.HostKeyCommand;
import io.bqsftp.cli.LocalBigQueryCommand;
import io.bqsftp.cli.RetryCommand;
import io.bqsftp.cli.RunCommand;
import io.bqsftp.cli.ServeCommand;
import io.bqsftp.cli.VerifyCommand;
import io.bqsftp.ops.LoggingSetup;
import java.util.concurrent.Callable;
import io.bqsftp.bigquery.GrpcEventLoop;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code serve} (the default), {@code run}, {@code retry}, {@code verify},
 * {@code check}, {@code exports}, {@code hostkey}, {@code demo}, {@code local-bigquery}.
 */
@Command(
    name = "bq-sftp-export",
    mixinStandardHelpOptions = true,
    versionProvider = AppVersion.class,
    description = "Streams BigQuery tables as gzip CSV files to SFTP servers.",
    subcommands = {ServeCommand.class, RunCommand.class, RetryCommand.class, VerifyCommand.class,
        CheckCommand.class, ExportsCommand.class, HostKeyCommand.class, DemoCommand.class, LocalBigQueryCommand.class, BenchCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    // Text logs in a terminal and in the demo, JSON lines (Cloud Logging) otherwise.
    boolean text = System.console() != null || (args.length > 0 && args[0].equals("demo"));
    LoggingSetup.configureBeforeFirstLog(System.getenv("DEBUG"), text);
    // The CSV encoder reads vectors strictly within their value counts: Arrow's per-get bounds
    // and null checks only cost time (~2x on the formatter). -D on the command line still wins.
    setDefault("arrow.enable_unsafe_memory_access", "true");
    setDefault("arrow.enable_null_check_for_get", "false");
    int exitCode = new CommandLine(new Main()).execute(args);
    // Every command has closed its clients by now: stop gRPC's network threads rather than have
    // the JVM wait 300 ms at exit for their idle selectors.
    GrpcEventLoop.shutdown(Duration.ofSeconds(2));
    System.exit(exitCode);
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /** With no subcommand the service serves HTTP, as the seed's container did. */
  @Override
  public Integer call() throws Exception {
    return new ServeCommand().call();
  }
}
