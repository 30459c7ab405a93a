package io.bqsftp.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yaml}: docs/openapi.yaml, the HTTP API's description, which the build puts
 * on the classpath (see pom.xml resources). Read once at start.
 */
public final class OpenApiRoute {
  public static final String PATH = "/openapi.yaml";
  static final String RESOURCE = "/api/openapi.yaml";

  private final Buffer document;

  public OpenApiRoute() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " (docs/openapi.yaml, copied by the build)");
      }
      this.document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Router mount(Router router) {
    router.get(PATH).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .end(document));
    return router;
  }
}
