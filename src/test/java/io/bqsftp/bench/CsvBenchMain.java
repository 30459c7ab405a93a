package io.bqsftp.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link CsvEncodeBench} and prints MB/s of CSV per core for each table. */
public final class CsvBenchMain {
  private CsvBenchMain() {}

  public static void main(String[] args) throws Exception {
    OptionsBuilder options = new OptionsBuilder();
    options.include(CsvEncodeBench.class.getName() + ".encode")
        .forks(1)
        .jvmArgsAppend("--add-opens=java.base/java.nio=ALL-UNNAMED")
        .warmupIterations(3).warmupTime(TimeValue.seconds(2))
        .measurementIterations(5).measurementTime(TimeValue.seconds(2))
        .shouldFailOnError(true);
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      options.param(kv[0], kv[1].split(","));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println();
    System.out.println("| table | CSV bytes | ms/op | error | MB/s |");
    System.out.println("|---|---|---|---|---|");
    for (RunResult r : results) {
      String table = r.getParams().getParam("table");
      CsvEncodeBench b = new CsvEncodeBench();
      b.table = table;
      b.setUp();
      long bytes = b.bytes;
      b.tearDown();
      double ms = r.getPrimaryResult().getScore();
      System.out.printf("| %s | %,d | %.1f | ±%.1f | %.1f |%n", table, bytes, ms,
          r.getPrimaryResult().getScoreError(), bytes / 1e6 / (ms / 1000));
    }
  }
}
