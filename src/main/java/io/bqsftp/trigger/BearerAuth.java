package io.bqsftp.trigger;

import io.bqsftp.config.Secret;
import io.bqsftp.ui.StatusPage;
import io.bqsftp.ui.UiSession;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Optional bearer-token check in front of every route but the health probes (orchestrators call
 * those without credentials). The status page's session cookie ({@link UiSession}) stands in for
 * the header on the page and the requests it makes; a browser without either gets the page's
 * login form instead of a JSON 401. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither content nor length leaks through timing. The token is
 * never logged or echoed.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";

  private final byte[] expectedDigest;
  private final UiSession session;

  BearerAuth(Secret token) {
    this.expectedDigest = sha256(token.reveal());
    this.session = new UiSession(token);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    HttpMethod method = ctx.request().method();
    if (isOpen(path) || StatusPage.isPublic(method, path) || authorized(ctx.request().getHeader("Authorization"))
        || (StatusPage.acceptsSessionCookie(method, path) && session.validCookie(ctx.request()))) {
      ctx.next();
      return;
    }
    if (StatusPage.isLoginPage(method, path)) {
      StatusPage.loginForm(ctx, Optional.empty());
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
