package io.bqsftp.delivery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The manifest partners may read after the parts: every file with its rows, bytes and SHA-256, the
 * run that wrote the set, the export, its run date and date window, and the totals.
 */
final class Manifest {
  private Manifest() {}

  static String render(RunPlan plan, List<CommitJournal.Entry> files, Instant createdAt) {
    JsonArray list = new JsonArray();
    files.forEach(f -> list.add(new JsonObject().put("name", f.name()).put("rows", f.rows())
        .put("bytes", f.bytes()).put("sha256", f.sha256())));
    JsonObject window = plan.window()
        .map(w -> new JsonObject().put("first", w.first().toString()).put("last", w.last().toString()))
        .orElse(null);
    return new JsonObject()
        .put("export_name", plan.export().name())
        .put("run_id", plan.runId())
        .put("date", plan.runDate().toString())
        .put("source_table", plan.export().sourceTable())
        .put("date_window", window)
        .put("files", list)
        .put("file_count", files.size())
        .put("total_rows", files.stream().mapToLong(CommitJournal.Entry::rows).sum())
        .put("total_bytes", files.stream().mapToLong(CommitJournal.Entry::bytes).sum())
        .put("created_at", createdAt.toString())
        .encodePrettily() + "\n";
  }
}
