package io.bqsftp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The {@link CsvEncodeBench} workload timed by this thread's CPU time instead of wall time: on a
 * shared, loaded machine CPU-seconds per MB stay meaningful when wall-clock JMH scores do not.
 * {@code CsvCpuBench TABLE WARMUP_S MEASURE_S} prints MB of CSV per CPU-second (one core).
 */
public final class CsvCpuBench {
  private CsvCpuBench() {}

  public static void main(String[] args) throws Exception {
    String table = args.length > 0 ? args[0] : "orders";
    double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    double measure = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    CsvEncodeBench bench = new CsvEncodeBench();
    bench.table = table;
    bench.setUp();
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long end = threads.getCurrentThreadCpuTime() + (long) (warmup * 1e9);
      while (threads.getCurrentThreadCpuTime() < end) {
        bench.encode();
      }
      long start = threads.getCurrentThreadCpuTime();
      long bytes = 0;
      long now;
      do {
        bytes += bench.encode();
        now = threads.getCurrentThreadCpuTime();
      } while (now - start < measure * 1e9);
      System.out.printf("%s: %.1f MB of CSV per CPU-second (%,d bytes in %.2f cpu-s)%n",
          table, bytes / 1e6 / ((now - start) / 1e9), bytes, (now - start) / 1e9);
    } finally {
      bench.tearDown();
    }
  }
}
