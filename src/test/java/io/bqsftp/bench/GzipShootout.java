package io.bqsftp.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Companion to {@link GzipBench} for a shared machine where other builds come and go: runs
 * every configuration once per round, round after round, so load swings hit all of them alike,
 * and includes the system's {@code pigz -p2} and {@code gzip} on the same bytes (read from a
 * file in the page cache, output discarded). Prints the median wall-clock MB/s per
 * configuration, its ratio to pigz at the same level, and for the Java ones the MB per
 * CPU-second, which contention barely moves. Usage: {@code GzipShootout [rounds]}.
 */
public final class GzipShootout {
  private GzipShootout() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double mb = GzipBench.SIZE / 1e6;
    Path file = Files.createTempFile("gzip-shootout", ".csv");
    Files.write(file, CsvSample.generate(GzipBench.SIZE, 42));

    Map<String, GzipBench> java = new LinkedHashMap<>();
    Map<String, List<String>> tools = new LinkedHashMap<>();
    for (int level : new int[] {6, 1}) {
      for (String impl : new String[] {"plain", "inline", "pool1", "pool2"}) {
        GzipBench bench = new GzipBench();
        bench.impl = impl;
        bench.level = level;
        bench.blockSize = args.length > 1 ? Integer.parseInt(args[1]) : 262144;
        bench.setUp();
        bench.gzip(); // warm-up
        java.put(impl + " -" + level, bench);
      }
      tools.put("pigz -p2 -" + level, List.of("pigz", "-p2", "-" + level, "-c", file.toString()));
      tools.put("gzip -" + level, List.of("gzip", "-" + level, "-c", file.toString()));
    }

    Map<String, double[]> wall = new LinkedHashMap<>();
    Map<String, Double> cpu = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(java.keySet());
    names.addAll(tools.keySet());
    names.forEach(n -> wall.put(n, new double[rounds]));
    for (int r = 0; r < rounds; r++) {
      for (var e : java.entrySet()) {
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        e.getValue().gzip();
        wall.get(e.getKey())[r] = (System.nanoTime() - t0) / 1e9;
        cpu.merge(e.getKey(), (os.getProcessCpuTime() - cpu0) / 1e9, Double::sum);
      }
      for (var e : tools.entrySet()) {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(e.getValue())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        if (p.waitFor() != 0) {
          throw new IllegalStateException(e.getKey() + " failed");
        }
        wall.get(e.getKey())[r] = (System.nanoTime() - t0) / 1e9;
      }
    }
    java.values().forEach(GzipBench::tearDown);
    Files.delete(file);

    System.out.printf("%d rounds of %.1f MB; load average now %s%n", rounds, mb,
        Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println("| config | median MB/s | best MB/s | x pigz -p2 same level | MB per CPU-s |");
    System.out.println("|---|---|---|---|---|");
    for (String name : names) {
      double median = mb / median(wall.get(name));
      double best = mb / Arrays.stream(wall.get(name)).min().orElseThrow();
      String level = name.substring(name.lastIndexOf('-'));
      double pigz = mb / median(wall.get("pigz -p2 " + level));
      Double cpuSeconds = cpu.get(name);
      System.out.printf("| %s | %.1f | %.1f | %.2f | %s |%n", name, median, best, median / pigz,
          cpuSeconds == null ? "-" : String.format("%.1f", mb * rounds / cpuSeconds));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
