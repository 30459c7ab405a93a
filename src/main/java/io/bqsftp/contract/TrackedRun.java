package io.bqsftp.contract;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What is known about one run while it runs and for a while after: status, progress counters and,
 * once finished, its result. Read threads add progress while the event loop reads: thread-safe.
 */
public final class TrackedRun {
  private final String runId;
  private final String exportName;
  private final LocalDate date;
  private final Instant startedAt;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong csvBytes = new AtomicLong();
  /** System.nanoTime of the last progress event, for throttling. */
  final AtomicLong lastProgressEventNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile ExportResult result;
  private volatile Instant finishedAt;

  public TrackedRun(String runId, String exportName, LocalDate date, Instant startedAt) {
    this.runId = runId;
    this.exportName = exportName;
    this.date = date;
    this.startedAt = startedAt;
  }

  public String runId() {
    return runId;
  }

  public String exportName() {
    return exportName;
  }

  public LocalDate date() {
    return date;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public RunStatus status() {
    ExportResult done = result;
    return done == null ? RunStatus.RUNNING : done.status();
  }

  public long rows() {
    return rows.get();
  }

  public long csvBytes() {
    return csvBytes.get();
  }

  /** Files renamed into place: known when the run ends (the engine reports them with its result). */
  public int filesLanded() {
    ExportResult done = result;
    return done == null ? 0 : done.files().size();
  }

  public Optional<ExportResult> result() {
    return Optional.ofNullable(result);
  }

  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  public void addProgress(long newRows, long newCsvBytes) {
    rows.addAndGet(newRows);
    csvBytes.addAndGet(newCsvBytes);
  }

  public void finish(ExportResult result, Instant at) {
    // The result's counts are authoritative (a failed run reports only what landed).
    rows.set(result.rows());
    csvBytes.set(Math.max(csvBytes.get(), result.csvBytes()));
    this.finishedAt = at;
    this.result = result;
  }

  /** The identity of the run: what every event and reply about it carries. */
  public JsonObject identity() {
    return new JsonObject()
        .put("run_id", runId)
        .put("export_name", exportName)
        .put("date", date.toString());
  }

  public JsonObject progressJson() {
    return new JsonObject()
        .put("rows", rows())
        .put("csv_bytes", csvBytes())
        .put("files_landed", filesLanded());
  }

  /** {@code GET /runs/{run_id}}: status, progress, and the result once finished. */
  public JsonObject toJson() {
    JsonObject json = identity()
        .put("status", status().text())
        .put("started_at", startedAt.toString())
        .put("progress", progressJson());
    ExportResult done = result;
    if (done != null) {
      json.put("completed_at", done.completedAt().toString())
          .put("duration_ms", done.duration().toMillis())
          .put("result", done.toJson());
      done.failure().ifPresent(f -> json.put("error", f.message()));
    }
    return json;
  }
}
