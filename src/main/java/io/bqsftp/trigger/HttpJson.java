package io.bqsftp.trigger;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers; every error has the same shape {@code {"error", "status"}}. */
public final class HttpJson {
  private HttpJson() {}

  public static void reply(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    if (status == 429 && body.getValue("retry_after_seconds") instanceof Number seconds) {
      ctx.response().putHeader("Retry-After", String.valueOf(seconds.intValue()));
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.encode());
  }

  public static void error(RoutingContext ctx, int status, String message) {
    reply(ctx, status, errorBody(status, message));
  }

  static JsonObject errorBody(int status, String message) {
    return new JsonObject().put("error", message).put("status", status);
  }

  /** A failure body from the event bus, with its status added when the sender left it out. */
  static JsonObject withStatus(JsonObject body, int status) {
    if (!body.containsKey("status")) {
      body.put("status", status);
    }
    return body;
  }
}
