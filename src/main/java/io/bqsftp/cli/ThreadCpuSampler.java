package io.bqsftp.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time per thread group during a benchmark run, for {@code bench}'s per-stage figures.
 * Threads that end during the run (an export's read threads do) are sampled every 20 ms, so
 * all but their last few milliseconds are counted.
 */
final class ThreadCpuSampler implements AutoCloseable {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, Long> first = new HashMap<>();
  private final Map<Long, Long> last = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  ThreadCpuSampler() {
    sample(true);
    sampler = new Thread(() -> {
      while (running) {
        sample(false);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private synchronized void sample(boolean baseline) {
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu < 0) {
        continue;
      }
      names.put(info.getThreadId(), info.getThreadName());
      if (baseline) {
        first.put(info.getThreadId(), cpu);
      }
      last.put(info.getThreadId(), cpu);
    }
  }

  /** Stops sampling and returns CPU seconds per group, in first-seen order of the groups. */
  synchronized Map<String, Double> stop(Function<String, String> group) throws InterruptedException {
    running = false;
    sampler.join();
    sample(false);
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Map.Entry<Long, Long> e : last.entrySet()) {
      String name = names.get(e.getKey());
      if (name.equals("bench-cpu-sampler")) {
        continue;
      }
      long used = e.getValue() - first.getOrDefault(e.getKey(), 0L);
      seconds.merge(group.apply(name), used / 1e9, Double::sum);
    }
    return seconds;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
