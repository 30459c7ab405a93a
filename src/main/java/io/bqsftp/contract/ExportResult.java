package io.bqsftp.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The reply every trigger receives for a run: status, rows, the files that landed and duration;
 * for a failed run also the reason and the files that did not land ({@code staged}, with their
 * staging URIs), and a ledger problem if the history could not be written; {@code skipped}: parts
 * not delivered because a file of their name was already there (if_exists skip).
 */
public record ExportResult(
    String runId,
    String exportName,
    LocalDate runDate,
    RunStatus status,
    long rows,
    List<FileReceipt> files,
    Instant startedAt,
    Instant completedAt,
    Optional<RunFailure> failure,
    List<UndeliveredFile> staged,
    Optional<String> ledgerError,
    List<String> skipped) {

  /** A result without skipped parts (every export whose if_exists is not skip). */
  public ExportResult(String runId, String exportName, LocalDate runDate, RunStatus status, long rows,
      List<FileReceipt> files, Instant startedAt, Instant completedAt, Optional<RunFailure> failure,
      List<UndeliveredFile> staged, Optional<String> ledgerError) {
    this(runId, exportName, runDate, status, rows, files, startedAt, completedAt, failure, staged, ledgerError,
        List.of());
  }

  public long bytes() {
    return files.stream().mapToLong(FileReceipt::bytes).sum();
  }

  public long csvBytes() {
    return files.stream().mapToLong(FileReceipt::csvBytes).sum();
  }

  public Duration duration() {
    return Duration.between(startedAt, completedAt);
  }

  public boolean succeeded() {
    return status == RunStatus.SUCCEEDED;
  }

  public JsonObject toJson() {
    var files = new JsonArray();
    this.files.forEach(f -> files.add(f.toJson()));
    var json =
        new JsonObject()
            .put("run_id", runId)
            .put("export_name", exportName)
            .put("date", runDate.toString())
            .put("status", status.text())
            .put("rows", rows)
            .put("bytes", bytes())
            .put("csv_bytes", csvBytes())
            .put("files", files)
            .put("started_at", startedAt.toString())
            .put("completed_at", completedAt.toString())
            .put("duration_ms", duration().toMillis());
    failure.ifPresent(f -> json.put("error", f.message()).put("failed_stage", f.stage().text()));
    if (!staged.isEmpty()) {
      var stagedJson = new JsonArray();
      staged.forEach(f -> stagedJson.add(f.toJson()));
      json.put("staged", stagedJson);
    }
    ledgerError.ifPresent(e -> json.put("ledger_error", e));
    if (!skipped.isEmpty()) {
      json.put("skipped", new JsonArray(List.copyOf(skipped)));
    }
    return json;
  }
}
