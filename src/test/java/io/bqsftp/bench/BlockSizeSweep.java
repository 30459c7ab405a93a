package io.bqsftp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What the block size costs, measured where contention cannot blur it: compression ratio, and
 * CPU time of the inline (single-threaded) stream on this thread, next to plain
 * GZIPOutputStream. Smaller blocks split work finer but restart matching more often.
 */
public final class BlockSizeSweep {
  private BlockSizeSweep() {}

  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double mb = GzipBench.SIZE / 1e6;
    int reps = 3;
    System.out.println("| level | block KiB | ratio | size vs plain | MB per CPU-s | CPU vs plain |");
    System.out.println("|---|---|---|---|---|---|");
    for (int level : new int[] {6, 1}) {
      double plainCpu = 0;
      long plainSize = 0;
      for (int blockSize : new int[] {0, 64 << 10, 128 << 10, 256 << 10, 512 << 10, 1 << 20}) {
        GzipBench bench = new GzipBench();
        bench.impl = blockSize == 0 ? "plain" : "inline";
        bench.level = level;
        bench.blockSize = Math.max(blockSize, 65536);
        bench.setUp();
        long size = bench.gzip(); // warm-up
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
          bench.gzip();
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 / reps;
        if (blockSize == 0) {
          plainCpu = cpu;
          plainSize = size;
        }
        System.out.printf("| %d | %s | %.3f | %+.2f%% | %.1f | %+.1f%% |%n", level,
            blockSize == 0 ? "plain" : String.valueOf(blockSize >> 10), (double) GzipBench.SIZE / size,
            100.0 * (size - plainSize) / plainSize, mb / cpu, 100.0 * (cpu - plainCpu) / plainCpu);
      }
    }
  }
}
