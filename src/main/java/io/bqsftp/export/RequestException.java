package io.bqsftp.export;

import io.vertx.core.json.JsonObject;

/** A request that cannot run as asked: an HTTP-like status (400, 404) and a message for the caller. */
public final class RequestException extends RuntimeException {
  private final int status;

  public RequestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public JsonObject toJson() {
    return new JsonObject().put("error", getMessage()).put("status", status);
  }
}
