package io.bqsftp.export;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per export and date across replicas: a hidden lock file in the export's SFTP folder,
 * created exclusively (atomic on the server) and kept fresh by a heartbeat on its modification
 * time. Within one process the coordinator already joins duplicate requests; this covers a Pub/Sub
 * duplicate or an overlapping schedule reaching another replica. A lock whose heartbeat stopped
 * (its replica died) is taken over after {@link #STALE_AFTER}.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(20);
  static final Duration STALE_AFTER = Duration.ofMinutes(2);
  // Locks this process could not remove (the server was gone when its run ended): no run holds
  // them, so this process takes them over at once instead of waiting for them to go stale.
  private static final Set<String> ORPHANED = ConcurrentHashMap.newKeySet();

  private final PartDestination destination;
  private final String name;
  private final Clock clock;
  private final ScheduledExecutorService heartbeat;

  private RunLock(PartDestination destination, String name, Clock clock) {
    this.destination = destination;
    this.name = name;
    this.clock = clock;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bqsftp-lock-" + name);
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Thrown when a live lock of another run holds the export and date. */
  public static final class HeldElsewhereException extends RuntimeException {
    HeldElsewhereException(String message) {
      super(message, null, false, false);
    }
  }

  /** The lock file's name: hidden, so partners' globs skip it. */
  public static String fileName(String exportName, LocalDate runDate) {
    return ".bqsftp-" + exportName + "-" + runDate.format(DateTimeFormatter.BASIC_ISO_DATE) + ".lock";
  }

  static RunLock acquire(PartDestination destination, RunPlan plan, Clock clock) throws IOException {
    return acquire(destination, plan.export().name(), plan.runDate(), plan.runId(), clock);
  }

  /**
   * Takes the lock of an export and date for {@code runId}.
   *
   * @throws HeldElsewhereException when another run holds a live lock
   */
  public static RunLock acquire(PartDestination destination, String exportName, LocalDate runDate, String runId,
      Clock clock) throws IOException {
    String name = fileName(exportName, runDate);
    byte[] content = new JsonObject()
        .put("run_id", runId)
        .put("host", hostName())
        .put("started_at", clock.instant().toString())
        .encode()
        .getBytes(StandardCharsets.UTF_8);
    if (!destination.createExclusive(name, content)) {
      Optional<Instant> modified = destination.modified(name);
      boolean stale = ORPHANED.contains(name)
          || modified.map(m -> m.isBefore(clock.instant().minus(STALE_AFTER))).orElse(true);
      if (!stale) {
        throw new HeldElsewhereException("export " + exportName + " for " + runDate
            + " is being written by another run (lock " + name + " refreshed at " + modified.get() + ")");
      }
      LOG.warn("taking over {}: its run stopped refreshing it at {}", name, modified.orElse(null));
      destination.delete(name);
      if (!destination.createExclusive(name, content)) {
        throw new HeldElsewhereException("export " + exportName + " for " + runDate
            + " was taken by another run at the same moment (lock " + name + ")");
      }
    }
    ORPHANED.remove(name);
    // The server set the creation time with its own clock: restate it in ours.
    destination.touch(name, clock.instant());
    return new RunLock(destination, name, clock);
  }

  private void beat() {
    try {
      destination.touch(name, clock.instant());
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot refresh {}: {}", name, e.getMessage());
    }
  }

  /** Stops the heartbeat and removes the lock (best effort: a stale lock is taken over later). */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      destination.delete(name);
    } catch (IOException | RuntimeException e) {
      ORPHANED.add(name);
      LOG.warn("cannot remove {} (it goes stale in {}): {}", name, STALE_AFTER, e.getMessage());
    }
  }

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    return host == null ? "unknown" : host;
  }
}
