package io.bqsftp.ledger;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One status event of a run: the seed's metadata columns ({@code export_id} is the run id) plus
 * the run date, which event it is ({@code started}, {@code finished}, {@code retried}), when it
 * was recorded, and how many files the run produced ({@code file_count}, known only once every row
 * was read: a run that failed earlier can never be completed by a retry). Events are append-only;
 * a run's status is its latest event.
 */
public record RunRecord(
    String runId,
    String exportName,
    LocalDate runDate,
    String sourceTable,
    String destinationUri,
    RunState status,
    long rowsExported,
    Instant startedAt,
    Optional<Instant> completedAt,
    Optional<String> errorMessage,
    Optional<Integer> fileCount,
    String event,
    Instant eventTime) {

  public static final String STARTED = "started";
  public static final String FINISHED = "finished";
  public static final String RETRIED = "retried";
  /** A run's set made visible by another process that finished its interrupted commit. */
  public static final String COMMITTED = "committed";

  /** The same run with a later event. */
  public RunRecord next(String event, RunState status, long rows, Instant at, Optional<String> error,
      Optional<Integer> files) {
    return new RunRecord(runId, exportName, runDate, sourceTable, destinationUri, status, rows,
        startedAt, status == RunState.RUNNING ? Optional.empty() : Optional.of(at), error, files, event, at);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("export_id", runId)
        .put("export_name", exportName)
        .put("run_date", runDate.toString())
        .put("source_table", sourceTable)
        .put("destination_uri", destinationUri)
        .put("status", status.text())
        .put("rows_exported", rowsExported)
        .put("started_at", startedAt.toString())
        .put("completed_at", completedAt.map(Instant::toString).orElse(null))
        .put("error_message", errorMessage.orElse(null))
        .put("file_count", fileCount.orElse(null))
        .put("event", event)
        .put("event_time", eventTime.toString());
  }

  public static RunRecord fromJson(JsonObject json) {
    return new RunRecord(
        json.getString("export_id"),
        json.getString("export_name"),
        LocalDate.parse(json.getString("run_date")),
        json.getString("source_table"),
        json.getString("destination_uri"),
        RunState.parse(json.getString("status")),
        json.getLong("rows_exported", 0L),
        Instant.parse(json.getString("started_at")),
        Optional.ofNullable(json.getString("completed_at")).map(Instant::parse),
        Optional.ofNullable(json.getString("error_message")),
        Optional.ofNullable(json.getInteger("file_count")),
        json.getString("event"),
        Instant.parse(json.getString("event_time")));
  }
}
