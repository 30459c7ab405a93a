package io.bqsftp.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link GzipBench} (1 fork, 2 warm-up and 3 measured iterations of 2 s) and prints MB/s,
 * speed relative to plain GZIPOutputStream at the same level, and compression ratio. Arguments
 * are passed to JMH's -p style filter as "name=v1,v2" pairs, e.g. {@code blockSize=131072,524288
 * impl=pool2 level=6}.
 */
public final class GzipBenchMain {
  private GzipBenchMain() {}

  public static void main(String[] args) throws Exception {
    OptionsBuilder options = new OptionsBuilder();
    options.include(GzipBench.class.getName() + ".gzip")
        .forks(1)
        .warmupIterations(2)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(3)
        .measurementTime(TimeValue.seconds(2))
        .shouldFailOnError(true);
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      options.param(kv[0], kv[1].split(","));
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    List<String[]> rows = new ArrayList<>();
    double mb = GzipBench.SIZE / 1e6;
    for (RunResult r : results) {
      var params = r.getParams();
      String impl = params.getParam("impl");
      int level = Integer.parseInt(params.getParam("level"));
      int blockSize = Integer.parseInt(params.getParam("blockSize"));
      double ms = r.getPrimaryResult().getScore();
      double err = r.getPrimaryResult().getScoreError();
      double plainMs = results.stream()
          .filter(o -> o.getParams().getParam("impl").equals("plain")
              && o.getParams().getParam("level").equals(params.getParam("level")))
          .mapToDouble(o -> o.getPrimaryResult().getScore())
          .findFirst().orElse(Double.NaN);
      long gz = GzipBench.compressedSize(impl, level, blockSize);
      rows.add(new String[] {
        impl, String.valueOf(level), String.valueOf(blockSize / 1024),
        String.format("%.1f", mb / (ms / 1000)),
        String.format("±%.1f", mb / (ms / 1000) - mb / ((ms + err) / 1000)),
        String.format("%.2f", plainMs / ms),
        String.format("%.3f", (double) GzipBench.SIZE / gz)
      });
    }
    System.out.println();
    System.out.println("| impl | level | block KiB | MB/s | error | x plain | ratio |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String[] row : rows) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
  }
}
