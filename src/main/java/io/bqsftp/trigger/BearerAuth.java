package io.bqsftp.trigger;

import io.bqsftp.config.Secret;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Optional bearer-token check in front of every route but the health probes (orchestrators call
 * those without credentials). Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither content nor length leaks through timing. The token is
 * never logged or echoed.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";

  private final byte[] expectedDigest;

  BearerAuth(Secret token) {
    this.expectedDigest = sha256(token.reveal());
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (isOpen(ctx.normalizedPath()) || authorized(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    HttpJson.error(ctx, 401, "authorization: a valid bearer token is required");
  }

  /** {@code /health}, {@code /health/live}, {@code /health/ready}. */
  static boolean isOpen(String path) {
    return path.equals("/health") || path.startsWith("/health/");
  }

  private boolean authorized(String header) {
    if (header == null || header.length() <= PREFIX.length()
        || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    return MessageDigest.isEqual(expectedDigest, sha256(header.substring(PREFIX.length()).strip()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
