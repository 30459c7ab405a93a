package io.bqsftp.delivery;

import io.bqsftp.contract.RunFailure;
import io.bqsftp.ops.MdcExecutors;
import io.bqsftp.sftp.RemoteFileInfo;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per export and date across replicas, fenced. The lock is a numbered hidden file in
 * the export's folder, {@code .bqsftp-{export}-{YYYYMMDD}.lock.{generation}}; the holder is the
 * highest generation. Taking it means creating the next generation exclusively (atomic on the
 * server: of all replicas racing for it, exactly one creates it). A generation may be taken over
 * only when the one below it is stale: its holder's heartbeat, written into its content by the
 * holder alone, is older than {@code staleAfter}. No modification times are set, so servers that
 * refuse SETSTAT work. The heartbeat runs on the lock's own connection, so uploads cannot starve
 * it. Before each step of a commit the holder calls {@link #verifyHeld()}: it is still the highest
 * generation, the file still carries its token, and its last heartbeat is recent enough that no
 * other replica can consider it stale yet. The protocol and why it is safe: docs/reliability.md.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  // Fixed size, written in one request at offset 0: a reader sees the old content or the new.
  private static final int CONTENT_BYTES = 512;
  // Locks whose holder in this process ended but could not remove them (the server was gone): no
  // run holds them, so this process takes them over at once instead of waiting for them to go stale.
  private static final Set<String> ORPHANED = ConcurrentHashMap.newKeySet();

  private final LockFolder folder;
  private final Timing timing;
  private final String name;
  private final long generation;
  private final String token;
  private final String runId;
  private final Vertx vertx;
  // Beats are blocking SFTP calls: on a small named worker pool of their own, never behind uploads.
  private final WorkerExecutor heartbeat;
  private volatile long timerId = -1;
  private volatile boolean stopped;
  private long beats;
  private volatile long lastBeatNanos;
  private volatile String lost;

  /**
   * How often the holder writes its heartbeat, and after how long without one a lock is stale; the
   * Vert.x instance whose timer drives the heartbeat.
   */
  public record Timing(Duration heartbeat, Duration staleAfter, Clock clock, Vertx vertx) {}

  /** The worker pool heartbeats run on ("bqsftp-lock-heartbeat-N" threads). */
  public static final String HEARTBEAT_POOL = "bqsftp-lock-heartbeat";
  // Shared by the locks of all runs; one beat hung on a stalled server must not hold up the others.
  private static final int HEARTBEAT_THREADS = 4;

  /** The export's folder on a connection of the lock's own; closed with the lock. */
  public interface LockFolder extends PartDestination, AutoCloseable {
    @Override
    void close();

    /** The folder of {@code folder}, on a pool that the folder owns and closes. */
    static LockFolder owning(io.bqsftp.sftp.RemoteFolder folder, io.bqsftp.sftp.SftpConnectionPool pool) {
      return new RemoteFolderDestination(folder, pool::close);
    }
  }

  /** Thrown when a live lock of another run holds the export and date. */
  public static final class HeldElsewhereException extends RuntimeException implements RunFailure.Classified {
    HeldElsewhereException(String message) {
      super(message, null, false, false);
    }

    @Override
    public RunFailure.Stage stage() {
      return RunFailure.Stage.CONFLICT;
    }
  }

  /** Thrown by {@link #verifyHeld()} when this run can no longer prove it holds the lock. */
  public static final class LostException extends IOException {
    LostException(String message) {
      super(message);
    }
  }

  private RunLock(LockFolder folder, Timing timing, String name, long generation, String token, String runId) {
    this.folder = folder;
    this.timing = timing;
    this.name = name;
    this.generation = generation;
    this.token = token;
    this.runId = runId;
    this.lastBeatNanos = System.nanoTime();
    this.vertx = timing.vertx();
    this.heartbeat = vertx.createSharedWorkerExecutor(HEARTBEAT_POOL, HEARTBEAT_THREADS);
    scheduleBeat();
  }

  /** The next heartbeat, {@code heartbeat} after the last one ended (a fixed delay: beats never overlap). */
  private void scheduleBeat() {
    if (stopped || lost != null) {
      return;
    }
    Runnable beat = MdcExecutors.wrap((Runnable) this::beatQuietly);
    timerId = vertx.setTimer(timing.heartbeat().toMillis(), id -> {
      if (stopped) {
        return; // released while the timer was set: its worker pool may be closed already
      }
      heartbeat.executeBlocking(() -> {
        beat.run();
        return null;
      }, false).onComplete(ar -> scheduleBeat());
    });
  }

  /** The common start of every generation's file name: hidden, so partners' globs skip it. */
  public static String filePrefix(String exportName, LocalDate runDate) {
    return ".bqsftp-" + exportName + "-" + runDate.format(DateTimeFormatter.BASIC_ISO_DATE) + ".lock.";
  }

  /**
   * Takes the lock of an export and date for {@code runId}. The folder is closed with the lock,
   * or at once when the lock is not taken.
   *
   * @throws HeldElsewhereException when another run holds a live lock, or won the race for it
   */
  public static RunLock acquire(LockFolder folder, Timing timing, String exportName, LocalDate runDate,
      String runId) throws IOException {
    try {
      return take(folder, timing, exportName, runDate, runId);
    } catch (IOException | RuntimeException e) {
      folder.close();
      throw e;
    }
  }

  private static RunLock take(LockFolder folder, Timing timing, String exportName, LocalDate runDate,
      String runId) throws IOException {
    String prefix = filePrefix(exportName, runDate);
    List<RemoteFileInfo> files = folder.files();
    refuseLegacyLock(folder, timing, files, prefix);
    OptionalLong top = highest(files, prefix);
    long next = 1;
    if (top.isPresent()) {
      String topName = prefix + top.getAsLong();
      Optional<String> alive = alive(folder, timing, topName);
      if (alive.isPresent()) {
        throw new HeldElsewhereException("export " + exportName + " for " + runDate
            + " is being written by another run (" + alive.get() + ")");
      }
      LOG.warn("taking over {}: its run stopped refreshing it", topName);
      next = top.getAsLong() + 1;
    }
    String token = HexFormat.of().formatHex(randomBytes());
    String name = prefix + next;
    byte[] content = content(token, runId, next, 0, timing);
    if (!folder.createExclusive(name, content)) {
      throw new HeldElsewhereException("export " + exportName + " for " + runDate
          + " was taken by another run at the same moment (lock " + name + ")");
    }
    if (!folder.read(name, CONTENT_BYTES).flatMap(RunLock::parse).map(h -> token.equals(h.getString("token")))
        .orElse(false)) {
      folder.delete(name); // created but its content not written (a full disk): nobody could prove it alive
      throw new IOException("cannot write the lock file " + name + " in the export's folder");
    }
    // A replica that listed earlier may have created a higher generation meanwhile: it wins.
    List<RemoteFileInfo> after = folder.files();
    if (highest(after, prefix).orElse(next) > next) {
      folder.delete(name);
      throw new HeldElsewhereException("export " + exportName + " for " + runDate
          + " was taken by another run at the same moment (a higher lock generation than " + name + ")");
    }
    for (RemoteFileInfo file : after) {
      OptionalLong generation = generationOf(file.name(), prefix);
      if (generation.isPresent() && generation.getAsLong() < next) {
        folder.delete(file.name()); // superseded: its holder is dead or lost the race
        ORPHANED.remove(file.name());
      }
    }
    ORPHANED.remove(name);
    return new RunLock(folder, timing, name, next, token, runId);
  }

  /**
   * Versions before the fenced lock used one unnumbered file refreshed through its modification
   * time: during a rolling update a live one still keeps this run out; a stale one is removed.
   */
  private static void refuseLegacyLock(PartDestination folder, Timing timing, List<RemoteFileInfo> files,
      String prefix) throws IOException {
    String legacy = prefix.substring(0, prefix.length() - 1);
    for (RemoteFileInfo file : files) {
      if (file.name().equals(legacy)) {
        if (file.modified().plus(timing.staleAfter()).isAfter(timing.clock().instant())) {
          throw new HeldElsewhereException("the export and date are being written by a run of an older version "
              + "(lock " + legacy + " refreshed at " + file.modified() + ")");
        }
        folder.delete(legacy);
      }
    }
  }

  /** Why the lock {@code name} is alive, or empty when it is stale (or gone). */
  private static Optional<String> alive(PartDestination folder, Timing timing, String name) throws IOException {
    Optional<byte[]> bytes = folder.read(name, CONTENT_BYTES);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    Instant now = timing.clock().instant();
    Optional<JsonObject> holder = parse(bytes.get());
    if (holder.isPresent()) {
      JsonObject h = holder.get();
      if (ORPHANED.contains(name + "#" + h.getString("token"))) {
        return Optional.empty();
      }
      Instant beat = Instant.parse(h.getString("heartbeat_at"));
      // The holder's own stale limit counts when it is the longer one.
      Duration staleAfter = max(timing.staleAfter(), Duration.ofSeconds(h.getLong("stale_after_seconds", 0L)));
      if (beat.plus(staleAfter).isAfter(now)) {
        return Optional.of("run " + h.getString("run_id") + ", lock " + name + " refreshed at " + beat);
      }
      return Optional.empty();
    }
    // Created but its content not yet written (or unreadable): judge by the server's own time stamp.
    Optional<Instant> modified = folder.modified(name);
    if (modified.isPresent() && modified.get().plus(timing.staleAfter()).isAfter(now)) {
      return Optional.of("lock " + name + " created at " + modified.get());
    }
    return Optional.empty();
  }

  /**
   * Proves this run still holds the lock: its generation is the highest, the file still carries
   * its token, and its last heartbeat is recent enough (under half the stale limit: a heartbeat is
   * written now if it is not) that no other replica may take over before the next commit step ends.
   *
   * @throws LostException when any of these fails: the caller must not rename anything
   */
  public void verifyHeld() throws IOException {
    if (lost != null) {
      throw new LostException(lost);
    }
    long age = System.nanoTime() - lastBeatNanos;
    if (age > timing.staleAfter().toNanos() / 2) {
      beat();
    }
    String prefix = name.substring(0, name.length() - Long.toString(generation).length());
    long top = highest(folder.files(), prefix).orElse(-1);
    if (top != generation) {
      lose("a newer lock generation " + top + " exists: another run took over " + name);
    }
    Optional<JsonObject> holder = folder.read(name, CONTENT_BYTES).flatMap(RunLock::parse);
    if (holder.isEmpty() || !token.equals(holder.get().getString("token"))) {
      lose("lock " + name + " no longer carries this run's token: another run took over");
    }
    if (lost != null) {
      throw new LostException(lost);
    }
  }

  /** The lock file's name (its generation). */
  public String fileName() {
    return name;
  }

  private synchronized void beat() throws IOException {
    if (lost != null) {
      throw new LostException(lost);
    }
    if (stopped) {
      return; // released meanwhile: nothing left to refresh
    }
    long started = System.nanoTime();
    Optional<JsonObject> holder = folder.read(name, CONTENT_BYTES).flatMap(RunLock::parse);
    if (holder.isEmpty() || !token.equals(holder.get().getString("token"))) {
      lose("lock " + name + " was removed or taken over by another run");
      throw new LostException(lost);
    }
    byte[] content = content(token, runId, generation, ++beats, timing);
    if (!folder.overwrite(name, content)) {
      lose("lock " + name + " was removed by another run");
      throw new LostException(lost);
    }
    lastBeatNanos = started;
  }

  private void beatQuietly() {
    try {
      beat();
    } catch (LostException e) {
      LOG.error("run {}: {}; it will commit nothing", runId, e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.warn("run {}: cannot refresh {} (retrying in {} s): {}", runId, name, timing.heartbeat().toSeconds(),
          e.getMessage());
    }
  }

  private void lose(String why) {
    if (lost == null) {
      lost = why;
    }
  }

  /**
   * Stops the heartbeat and removes the lock if it is still this run's (never another's); best
   * effort: a lock left behind goes stale and is taken over.
   */
  @Override
  public void close() {
    stopped = true;
    vertx.cancelTimer(timerId);
    try {
      synchronized (this) { // after a beat under way
        Optional<JsonObject> holder = folder.read(name, CONTENT_BYTES).flatMap(RunLock::parse);
        if (holder.isPresent() && token.equals(holder.get().getString("token"))) {
          folder.delete(name);
        }
      }
    } catch (IOException | RuntimeException e) {
      ORPHANED.add(name + "#" + token);
      LOG.warn("cannot remove {} (it goes stale in {} s): {}", name, timing.staleAfter().toSeconds(), e.getMessage());
    } finally {
      heartbeat.close();
      folder.close();
    }
  }

  private static byte[] content(String token, String runId, long generation, long beat, Timing timing) {
    String json = new JsonObject()
        .put("token", token)
        .put("run_id", runId)
        .put("host", hostName())
        .put("generation", generation)
        .put("beat", beat)
        .put("heartbeat_at", timing.clock().instant().toString())
        .put("stale_after_seconds", timing.staleAfter().toSeconds())
        .encode();
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= CONTENT_BYTES) {
      throw new IllegalStateException("lock content too long: " + bytes.length + " bytes");
    }
    byte[] padded = new byte[CONTENT_BYTES];
    System.arraycopy(bytes, 0, padded, 0, bytes.length);
    java.util.Arrays.fill(padded, bytes.length, CONTENT_BYTES - 1, (byte) ' ');
    padded[CONTENT_BYTES - 1] = '\n';
    return padded;
  }

  private static Optional<JsonObject> parse(byte[] bytes) {
    try {
      JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8).strip());
      return json.getString("token") == null || json.getString("heartbeat_at") == null
          ? Optional.empty() : Optional.of(json);
    } catch (DecodeException | ClassCastException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static OptionalLong highest(List<RemoteFileInfo> files, String prefix) {
    return files.stream().map(f -> generationOf(f.name(), prefix)).filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong).max();
  }

  private static OptionalLong generationOf(String fileName, String prefix) {
    if (!fileName.startsWith(prefix)) {
      return OptionalLong.empty();
    }
    String rest = fileName.substring(prefix.length());
    if (rest.isEmpty() || rest.length() > 18 || !rest.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(rest));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String hostName() {
    String host = System.getenv("HOSTNAME");
    return host == null ? "unknown" : host;
  }
}
