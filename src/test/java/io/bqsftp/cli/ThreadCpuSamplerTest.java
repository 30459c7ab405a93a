package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuSamplerTest {
  /** An export's read threads end before the run does: their CPU must still be counted. */
  @Test
  void countsCpuOfAThreadThatEndsDuringTheRun() throws Exception {
    Map<String, Double> seconds;
    try (ThreadCpuSampler sampler = new ThreadCpuSampler()) {
      Thread worker = new Thread(ThreadCpuSamplerTest::burnCpu, "worker-1");
      worker.start();
      worker.join();
      seconds = sampler.stop(name -> name.startsWith("worker-") ? "workers" : "rest");
    }
    assertThat(seconds.get("workers")).isGreaterThan(0.15);
  }

  /** Spins until this thread has used 300 ms of CPU. */
  private static void burnCpu() {
    var threads = ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
    long x = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      for (int i = 0; i < 10_000; i++) {
        x += i * 31L ^ x;
      }
    }
    if (x == 42) {
      System.out.println(x);
    }
  }
}
