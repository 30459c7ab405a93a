package io.bqsftp.contract;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Publishes what happens to runs on {@link #ADDRESS} for sibling verticles (see
 * docs/event-bus.md): {@code started}, {@code progress} (at most once per interval per run) and
 * {@code finished}. Publishing is fire-and-forget: nobody listening costs nothing. Thread-safe (read
 * threads report progress).
 */
public final class RunEvents {
  public static final String ADDRESS = "export.events";
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private final EventBus bus;
  private final long intervalNanos;

  public RunEvents(EventBus bus, Duration progressInterval) {
    this.bus = bus;
    this.intervalNanos = progressInterval.toNanos();
  }

  public void started(TrackedRun run) {
    bus.publish(ADDRESS, event("started", run)
        .put("status", RunStatus.RUNNING.text())
        .put("started_at", run.startedAt().toString()));
  }

  /** Publishes progress unless this run already did within the interval. */
  public void progress(TrackedRun run) {
    long now = System.nanoTime();
    long last = run.lastProgressEventNanos.get();
    if (last != Long.MIN_VALUE && now - last < intervalNanos) {
      return;
    }
    if (run.lastProgressEventNanos.compareAndSet(last, now)) {
      bus.publish(ADDRESS, event("progress", run).put("progress", run.progressJson()));
    }
  }

  public void finished(TrackedRun run, ExportResult result) {
    bus.publish(ADDRESS, event("finished", run)
        .put("status", result.status().text())
        .put("progress", run.progressJson())
        .put("result", result.toJson()));
  }

  private static JsonObject event(String type, TrackedRun run) {
    return new JsonObject().put("type", type).mergeIn(run.identity());
  }
}
