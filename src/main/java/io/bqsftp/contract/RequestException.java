package io.bqsftp.contract;

import io.vertx.core.json.JsonObject;

/**
 * A request that cannot run as asked: an HTTP-like status (400, 404, 429) and a message for the
 * caller; for a 429, how many seconds to wait before asking again ({@code retry_after_seconds}).
 */
public final class RequestException extends RuntimeException {
  private final int status;
  private final int retryAfterSeconds;

  public RequestException(int status, String message) {
    this(status, message, 0);
  }

  public RequestException(int status, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", getMessage()).put("status", status);
    if (retryAfterSeconds > 0) {
      json.put("retry_after_seconds", retryAfterSeconds);
    }
    return json;
  }
}
