package io.bqsftp.export;

import io.bqsftp.contract.ExportResult;
import io.bqsftp.contract.TrackedRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Run id to {@link TrackedRun}, for status queries. Running runs are always kept; finished ones are
 * kept for {@code retention} and at most {@code maxFinished} of them (oldest forgotten first), so
 * memory stays bounded however many runs a long-lived process sees. Thread-safe.
 */
public final class RunRegistry {
  private final Map<String, TrackedRun> runs = new ConcurrentHashMap<>();
  /** Finished run ids in the order they finished. */
  private final ConcurrentLinkedDeque<String> finished = new ConcurrentLinkedDeque<>();
  private final int maxFinished;
  private final Duration retention;
  private final Clock clock;

  public RunRegistry(int maxFinished, Duration retention, Clock clock) {
    this.maxFinished = Math.max(1, maxFinished);
    this.retention = retention;
    this.clock = clock;
  }

  public void add(TrackedRun run) {
    runs.put(run.runId(), run);
  }

  /** Records the end of a run and forgets what is now too old or too many. */
  public void finished(TrackedRun run, ExportResult result) {
    run.finish(result, clock.instant());
    finished.addLast(run.runId());
    prune();
  }

  public Optional<TrackedRun> get(String runId) {
    prune();
    return Optional.ofNullable(runs.get(runId));
  }

  /** Every remembered run, most recently started first (the status page). */
  public List<TrackedRun> runs() {
    prune();
    List<TrackedRun> all = new ArrayList<>(runs.values());
    all.sort(Comparator.comparing(TrackedRun::startedAt).reversed());
    return all;
  }

  /** How many runs are remembered (running and finished). */
  public int size() {
    return runs.size();
  }

  private void prune() {
    Instant oldest = clock.instant().minus(retention);
    while (true) {
      String id = finished.peekFirst();
      if (id == null) {
        return;
      }
      TrackedRun run = runs.get(id);
      boolean expired = run == null
          || run.finishedAt().map(at -> at.isBefore(oldest)).orElse(false)
          || finished.size() > maxFinished;
      if (!expired || !finished.remove(id)) {
        return;
      }
      runs.remove(id);
    }
  }
}
