package io.bqsftp.contract;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * A file of a run that did not land: where it is staged for {@code retry} (empty when staging
 * failed too, so only a new run can deliver it) and why it did not land.
 */
public record UndeliveredFile(
    String name, long rows, long bytes, long csvBytes, String sha256, Optional<String> stagedUri, String error) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("status", stagedUri.isPresent() ? "staged" : "failed")
        .put("rows", rows)
        .put("bytes", bytes)
        .put("csv_bytes", csvBytes)
        .put("sha256", sha256)
        .put("staged_uri", stagedUri.orElse(null))
        .put("error", error);
  }
}
