package io.bqsftp.ledger;

import io.bqsftp.contract.RunStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One status event of a run: the seed's metadata columns ({@code export_id} is the run id) plus
 * the run date, which event it is ({@code started}, {@code finished}, {@code retried}), when it
 * was recorded, and how many files the run produced ({@code file_count}, known only once every row
 * was read: a run that failed earlier can never be completed by a retry). Events are append-only;
 * a run's status is its latest event. {@code trigger_ids} are what identify the requests the run
 * served at their source (Pub/Sub message ids), so a redelivered request whose run succeeded runs
 * nothing.
 */
public record LedgerEntry(
    String runId,
    String exportName,
    LocalDate runDate,
    String sourceTable,
    String destinationUri,
    RunStatus status,
    long rowsExported,
    Instant startedAt,
    Optional<Instant> completedAt,
    Optional<String> errorMessage,
    Optional<Integer> fileCount,
    String event,
    Instant eventTime,
    List<String> triggerIds) {

  public LedgerEntry {
    triggerIds = List.copyOf(triggerIds);
  }

  /** Without trigger ids. */
  public LedgerEntry(String runId, String exportName, LocalDate runDate, String sourceTable, String destinationUri,
      RunStatus status, long rowsExported, Instant startedAt, Optional<Instant> completedAt,
      Optional<String> errorMessage, Optional<Integer> fileCount, String event, Instant eventTime) {
    this(runId, exportName, runDate, sourceTable, destinationUri, status, rowsExported, startedAt, completedAt,
        errorMessage, fileCount, event, eventTime, List.of());
  }

  /** The same event, naming these trigger ids. */
  public LedgerEntry withTriggerIds(List<String> ids) {
    return new LedgerEntry(runId, exportName, runDate, sourceTable, destinationUri, status, rowsExported, startedAt,
        completedAt, errorMessage, fileCount, event, eventTime, ids);
  }

  public static final String STARTED = "started";
  public static final String FINISHED = "finished";
  public static final String RETRIED = "retried";
  /** A run's set made visible by another process that finished its interrupted commit. */
  public static final String COMMITTED = "committed";

  /** The same run with a later event. */
  public LedgerEntry next(String event, RunStatus status, long rows, Instant at, Optional<String> error,
      Optional<Integer> files) {
    return new LedgerEntry(runId, exportName, runDate, sourceTable, destinationUri, status, rows,
        startedAt, status == RunStatus.RUNNING ? Optional.empty() : Optional.of(at), error, files, event, at, triggerIds);
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
        .put("event_time", eventTime.toString())
        .put("trigger_ids", new JsonArray(new ArrayList<>(triggerIds)));
  }

  public static LedgerEntry fromJson(JsonObject json) {
    return new LedgerEntry(
        json.getString("export_id"),
        json.getString("export_name"),
        LocalDate.parse(json.getString("run_date")),
        json.getString("source_table"),
        json.getString("destination_uri"),
        RunStatus.parse(json.getString("status")),
        json.getLong("rows_exported", 0L),
        Instant.parse(json.getString("started_at")),
        Optional.ofNullable(json.getString("completed_at")).map(Instant::parse),
        Optional.ofNullable(json.getString("error_message")),
        Optional.ofNullable(json.getInteger("file_count")),
        json.getString("event"),
        Instant.parse(json.getString("event_time")),
        triggerIds(json.getJsonArray("trigger_ids")));
  }

  private static List<String> triggerIds(JsonArray ids) {
    List<String> out = new ArrayList<>();
    if (ids != null) {
      ids.forEach(id -> out.add(String.valueOf(id)));
    }
    return out;
  }
}
