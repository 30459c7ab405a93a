package io.bqsftp.ledger;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One status event of one file of a run: its size and the SHA-256 of the bytes sent, where it
 * stands, and where it is staged when it did not land. A file's status is its latest event.
 */
public record FileRecord(
    String runId,
    String exportName,
    LocalDate runDate,
    String fileName,
    long rows,
    long bytes,
    String sha256,
    FileState status,
    Optional<String> stagedUri,
    Optional<String> errorMessage,
    Instant eventTime) {

  /** The same file with a later status (the staged URI is kept as history). */
  public FileRecord next(FileState state, Optional<String> error, Instant at) {
    return new FileRecord(runId, exportName, runDate, fileName, rows, bytes, sha256, state,
        stagedUri, error, at);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("export_id", runId)
        .put("export_name", exportName)
        .put("run_date", runDate.toString())
        .put("file_name", fileName)
        .put("rows", rows)
        .put("bytes", bytes)
        .put("sha256", sha256)
        .put("status", status.text())
        .put("staged_uri", stagedUri.orElse(null))
        .put("error_message", errorMessage.orElse(null))
        .put("event_time", eventTime.toString());
  }

  public static FileRecord fromJson(JsonObject json) {
    return new FileRecord(
        json.getString("export_id"),
        json.getString("export_name"),
        LocalDate.parse(json.getString("run_date")),
        json.getString("file_name"),
        json.getLong("rows", 0L),
        json.getLong("bytes", 0L),
        json.getString("sha256"),
        FileState.parse(json.getString("status")),
        Optional.ofNullable(json.getString("staged_uri")),
        Optional.ofNullable(json.getString("error_message")),
        Instant.parse(json.getString("event_time")));
  }
}
