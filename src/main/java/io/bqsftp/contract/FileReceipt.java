package io.bqsftp.contract;

import io.vertx.core.json.JsonObject;

/** One file that landed under its final name: what a partner sees, and the SHA-256 of its bytes. */
public record FileReceipt(String name, String path, long rows, long bytes, long csvBytes, String sha256) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("path", path)
        .put("rows", rows)
        .put("bytes", bytes)
        .put("csv_bytes", csvBytes)
        .put("sha256", sha256);
  }
}
