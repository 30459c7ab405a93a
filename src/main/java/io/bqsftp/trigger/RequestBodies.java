package io.bqsftp.trigger;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Locale;

/**
 * How trigger routes read bodies without it costing anything: form and multipart bodies are
 * refused with 415 before a byte is read (Vert.x's BodyHandler would otherwise store uploads in
 * {@code file-uploads/} on disk), uploads are never handled, and the body is bounded by
 * {@link HttpTrigger#MAX_BODY_BYTES} (413).
 */
final class RequestBodies {
  private RequestBodies() {}

  /** Adds the form guard and an in-memory, bounded body handler to {@code route}. */
  static void readJsonBodies(Route route) {
    route.handler(FORM_GUARD);
    route.handler(BodyHandler.create(false).setBodyLimit(HttpTrigger.MAX_BODY_BYTES));
  }

  /** A platform handler: Vert.x runs those before body handlers, as the guard must. */
  private static final PlatformHandler FORM_GUARD = RequestBodies::refuseForms;

  private static void refuseForms(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    if (type != null) {
      String lower = type.strip().toLowerCase(Locale.ROOT);
      if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
        // Close after answering: the unread body must not be parsed as the next request.
        ctx.response().putHeader("connection", "close");
        HttpJson.error(ctx, 415, "content-type: must be application/json (forms and uploads are not accepted)");
        return;
      }
    }
    ctx.next();
  }
}
