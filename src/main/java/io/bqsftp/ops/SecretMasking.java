package io.bqsftp.ops;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last line of defence against secrets in logs. Code should never log a secret in the first place
 * ({@code io.bqsftp.config.Secret} prints as stars); this catches the accidents: an exception message
 * quoting a config line, a URL with credentials, a request header dump.
 *
 * <p>Masks {@code password=...}-style pairs (also JSON {@code "password": "..."}), PEM/OpenSSH
 * private key blocks, {@code Bearer}/{@code Basic} credentials and the password in {@code
 * scheme://user:password@host} URLs. Used by logback for both the JSON and the text format (see
 * {@link MaskingValueMasker} and {@link MaskingConverter}).
 */
public final class SecretMasking {

  public static final String MASK = "******";

  private record Rule(Pattern pattern, String replacement) {}

  private static final String KEY_NAMES =
      "password|passwd|pwd|passphrase|secret|client_secret|private_key|api[_-]?key|access[_-]?token|refresh[_-]?token|token";

  private static final List<Rule> RULES = List.of(
      // A whole private key block; an unterminated one (truncated message) is masked to the end.
      new Rule(Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(?:.*?-----END \\1PRIVATE KEY-----|.*)", Pattern.DOTALL),
          "-----BEGIN $1PRIVATE KEY-----" + MASK + "-----END $1PRIVATE KEY-----"),
      // Authorization header values.
      new Rule(Pattern.compile("(?i)\\b(Bearer|Basic)(\\s+)[A-Za-z0-9._~+/=-]+"), "$1$2" + MASK),
      // key=value, key: value, "key": "value", key='value'.
      new Rule(Pattern.compile(
          "(?i)([\"']?\\b[A-Za-z0-9_.-]*?(?:" + KEY_NAMES + ")\\b[\"']?\\s*[=:]\\s*[\"']?)([^\\s\"',;&}\\]]+)"),
          "$1" + MASK),
      // password 'value' (quoted, no separator), as error messages tend to say it.
      new Rule(Pattern.compile("(?i)\\b((?:password|passphrase|secret|token)\\s+)(['\"])[^'\"\\s]+\\2"),
          "$1$2" + MASK + "$2"),
      // scheme://user:password@host
      new Rule(Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:)([^/\\s@]+)(@)"), "$1" + MASK + "$3"));

  /** Lower-case words one of which must appear before any regex runs: most messages skip them all. */
  private static final List<String> TRIGGERS = List.of(
      "private key", "bearer", "basic", "pass", "pwd", "secret", "key", "token", "://");

  private SecretMasking() {}

  /** {@code text} with every recognised secret replaced by {@link #MASK}; null stays null. */
  public static String mask(String text) {
    if (text == null || text.isEmpty() || !mightContainSecret(text)) {
      return text;
    }
    String result = text;
    for (Rule rule : RULES) {
      Matcher matcher = rule.pattern().matcher(result);
      if (matcher.find()) {
        result = matcher.replaceAll(rule.replacement());
      }
    }
    return result;
  }

  private static boolean mightContainSecret(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String trigger : TRIGGERS) {
      if (lower.contains(trigger)) {
        return true;
      }
    }
    return false;
  }
}
