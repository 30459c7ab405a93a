package io.bqsftp.recovery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The result of comparing a run's recorded files with the SFTP listing. {@link #ok()} only when the
 * run succeeded and every recorded file is there with its recorded size, and nothing unexpected is;
 * leftover temp files of interrupted uploads are reported but hidden from partners, so not wrong.
 */
public record CheckReport(
    String exportName,
    LocalDate date,
    Optional<String> runId,
    String runStatus,
    String directory,
    List<Expected> present,
    List<Expected> missing,
    List<WrongSize> wrongSize,
    List<Remote> unexpected,
    List<Remote> leftovers,
    List<String> problems,
    List<String> warnings) {

  /** A file the ledger knows: its recorded size and status, and its staged copy if any. */
  public record Expected(String name, long bytes, String status, Optional<String> stagedUri) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("bytes", bytes).put("status", status)
          .put("staged_uri", stagedUri.orElse(null));
    }
  }

  public record WrongSize(String name, long expectedBytes, long actualBytes) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("expected_bytes", expectedBytes).put("actual_bytes", actualBytes);
    }
  }

  /** A remote file the ledger does not know. */
  public record Remote(String name, long bytes) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("bytes", bytes);
    }
  }

  public boolean ok() {
    return problems.isEmpty() && missing.isEmpty() && wrongSize.isEmpty() && unexpected.isEmpty()
        && "succeeded".equals(runStatus);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("export_name", exportName)
        .put("date", date.toString())
        .put("run_id", runId.orElse(null))
        .put("run_status", runStatus)
        .put("directory", directory)
        .put("ok", ok())
        .put("present", array(present.stream().map(Expected::toJson).toList()))
        .put("missing", array(missing.stream().map(Expected::toJson).toList()))
        .put("wrong_size", array(wrongSize.stream().map(WrongSize::toJson).toList()))
        .put("unexpected", array(unexpected.stream().map(Remote::toJson).toList()))
        .put("leftovers", array(leftovers.stream().map(Remote::toJson).toList()))
        .put("problems", new JsonArray(List.copyOf(problems)))
        .put("warnings", new JsonArray(List.copyOf(warnings)));
  }

  /** The same, for people. */
  public String toText() {
    var out = new StringBuilder();
    out.append(exportName).append(' ').append(date).append(": run ").append(runId.orElse("(none)"))
        .append(' ').append(runStatus).append(", ").append(directory).append('\n');
    present.forEach(f -> out.append("  ok          ").append(f.name()).append(" (").append(f.bytes()).append(" bytes)\n"));
    missing.forEach(f -> out.append("  MISSING     ").append(f.name()).append(" (").append(f.bytes()).append(" bytes, ")
        .append(f.status()).append(f.stagedUri().map(u -> ", staged at " + u).orElse("")).append(")\n"));
    wrongSize.forEach(f -> out.append("  WRONG SIZE  ").append(f.name()).append(": ").append(f.actualBytes())
        .append(" bytes on the server, ").append(f.expectedBytes()).append(" recorded\n"));
    unexpected.forEach(f -> out.append("  UNEXPECTED  ").append(f.name()).append(" (").append(f.bytes())
        .append(" bytes, not in the ledger)\n"));
    leftovers.forEach(f -> out.append("  leftover    ").append(f.name()).append(" (").append(f.bytes())
        .append(" bytes, temp file of an interrupted upload)\n"));
    problems.forEach(p -> out.append("  PROBLEM     ").append(p).append('\n'));
    warnings.forEach(w -> out.append("  warning     ").append(w).append('\n'));
    out.append(ok() ? "OK\n" : "NOT OK\n");
    return out.toString();
  }

  private static JsonArray array(List<JsonObject> items) {
    return new JsonArray(List.copyOf(items));
  }
}
