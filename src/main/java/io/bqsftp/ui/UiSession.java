package io.bqsftp.ui;

import io.bqsftp.config.Secret;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The status page's login: the bearer token, typed once into a form, becomes an HttpOnly,
 * SameSite=Strict cookie that the API's bearer check accepts as well. The cookie holds an HMAC of
 * a fixed label keyed with the token, not the token itself: every replica with the same token
 * accepts it without shared state, and rotating the token ends every session.
 */
public final class UiSession {
  public static final String COOKIE = "bqsftp_session";
  static final long MAX_AGE_SECONDS = 12 * 3600;
  private static final byte[] LABEL = "bq-sftp-export status page session v1".getBytes(StandardCharsets.UTF_8);

  private final byte[] tokenDigest;
  private final String cookieValue;

  public UiSession(Secret token) {
    this.tokenDigest = sha256(token.reveal());
    this.cookieValue = hmac(token.reveal());
  }

  /** Whether {@code candidate} is the token (constant time over digests). */
  public boolean validToken(String candidate) {
    return candidate != null && MessageDigest.isEqual(tokenDigest, sha256(candidate.strip()));
  }

  /** Whether the request carries a valid session cookie. */
  public boolean validCookie(HttpServerRequest request) {
    Cookie cookie = request.getCookie(COOKIE);
    return cookie != null && MessageDigest.isEqual(
        cookieValue.getBytes(StandardCharsets.US_ASCII), cookie.getValue().getBytes(StandardCharsets.US_ASCII));
  }

  /** The cookie set after a good login; Secure when the request came over HTTPS (directly or via a proxy). */
  Cookie cookie(HttpServerRequest request) {
    return Cookie.cookie(COOKIE, cookieValue)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(https(request))
        .setMaxAge(MAX_AGE_SECONDS);
  }

  static Cookie expired(HttpServerRequest request) {
    return Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
        .setSecure(https(request)).setMaxAge(0);
  }

  private static boolean https(HttpServerRequest request) {
    return request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
  }

  private static String hmac(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(LABEL));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
