package io.bqsftp.recovery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** What a retry did: the run's status afterwards, what happened to each file it looked at, and why. */
public record RetryReport(
    String exportName,
    LocalDate date,
    Optional<String> runId,
    Outcome outcome,
    String runStatus,
    String message,
    List<FileResult> files,
    List<String> warnings) {

  /** What the retry found and did. */
  public enum Outcome {
    /** Staged or missing files were uploaded (some may still have failed). */
    RETRIED("retried"),
    /** The run had already succeeded: nothing changed. */
    NOTHING_TO_DO("nothing_to_do"),
    /** The ledger knows no run of this export and date. */
    NO_RUN("no_run"),
    /** The run has not finished (or its process died): only a new run can complete it. */
    NOT_FINISHED("not_finished");

    private final String text;

    Outcome(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** One file: {@code landed} now, {@code failed} again (still staged), or {@code lost} (not staged). */
  public record FileResult(String name, String result, long bytes, String sha256, Optional<String> stagedUri,
      Optional<String> error) {
    JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("result", result)
          .put("bytes", bytes)
          .put("sha256", sha256)
          .put("staged_uri", stagedUri.orElse(null))
          .put("error", error.orElse(null));
    }
  }

  public boolean succeeded() {
    return "succeeded".equals(runStatus);
  }

  public JsonObject toJson() {
    var files = new JsonArray();
    this.files.forEach(f -> files.add(f.toJson()));
    var json = new JsonObject()
        .put("export_name", exportName)
        .put("date", date.toString())
        .put("run_id", runId.orElse(null))
        .put("outcome", outcome.text())
        .put("status", runStatus)
        .put("message", message)
        .put("files", files);
    if (!warnings.isEmpty()) {
      json.put("warnings", new JsonArray(List.copyOf(warnings)));
    }
    return json;
  }
}
