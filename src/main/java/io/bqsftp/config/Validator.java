package io.bqsftp.config;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks one already-typed value. {@link #check} returns the problem phrase that completes
 * "{path}: ..." and {@link #describe} the short rule shown in the reference table.
 */
public interface Validator<T> {

  Optional<String> check(T value);

  String describe();

  /** The rule as JSON Schema keywords (minimum, pattern, ...), for conf/config.schema.json; none by default. */
  default JsonObject schema() {
    return new JsonObject();
  }

  static <T> Validator<T> of(String description, java.util.function.Function<T, Optional<String>> check) {
    return of(description, new JsonObject(), check);
  }

  static <T> Validator<T> of(String description, JsonObject schema,
      java.util.function.Function<T, Optional<String>> check) {
    return new Validator<>() {
      @Override
      public JsonObject schema() {
        return schema.copy();
      }

      @Override
      public Optional<String> check(T value) {
        return check.apply(value);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  static Validator<Integer> between(int min, int max) {
    return of(min + ".." + max, new JsonObject().put("minimum", min).put("maximum", max), v -> v < min || v > max
        ? Optional.of("must be a whole number between " + min + " and " + max)
        : Optional.empty());
  }

  static <N extends Number> Validator<N> atLeast(long min) {
    return of(">= " + min, new JsonObject().put("minimum", min), v -> v.longValue() < min
        ? Optional.of("must be a whole number >= " + min)
        : Optional.empty());
  }

  static Validator<String> nonBlank() {
    return of("non-empty", new JsonObject().put("minLength", 1).put("pattern", "\\S"), v -> v.isBlank() ? Optional.of("must not be empty") : Optional.empty());
  }

  /** Whole-value regular expression; {@code shown} is how the rule reads in messages and docs. */
  static Validator<String> matches(String regex, String shown) {
    Pattern p = Pattern.compile(regex);
    return of(shown, new JsonObject().put("pattern", "^(?:" + regex + ")$"), v -> p.matcher(v).matches()
        ? Optional.empty()
        : Optional.of("must match " + shown));
  }

  /**
   * Top-level column names, at least one, none twice (BigQuery names are case-insensitive). Nested
   * fields ({@code a.b}) are not accepted: a STRUCT is selected whole.
   */
  static Validator<java.util.List<String>> columnList() {
    Pattern name = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,299}");
    return of("non-empty list of `[A-Za-z_][A-Za-z0-9_]*`, no duplicates", v -> {
      if (v.isEmpty()) {
        return Optional.of("must name at least one column (leave it out to export every column)");
      }
      var seen = new java.util.HashSet<String>();
      for (String column : v) {
        if (!name.matcher(column).matches()) {
          return Optional.of("column \"" + column + "\" must match [A-Za-z_][A-Za-z0-9_]* (top-level columns only)");
        }
        if (!seen.add(column.toLowerCase(java.util.Locale.ROOT))) {
          return Optional.of("names column \"" + column + "\" twice");
        }
      }
      return Optional.empty();
    });
  }

  static Validator<String> tableId() {
    return of("`project.dataset.table`", new JsonObject().put("pattern", "^(?:" + TableId.REGEX + ")$"), v -> TableId.isValid(v)
        ? Optional.empty()
        : Optional.of("must look like project.dataset.table"));
  }

  /** A comma-separated list of SSH cipher names from {@link SftpConfig#SUPPORTED_CIPHERS}. */
  static Validator<String> cipherList() {
    return of("SSH cipher names, comma-separated", v -> {
      java.util.List<String> names = cipherNames(v);
      if (names.isEmpty()) {
        return Optional.of("must name at least one cipher");
      }
      for (String name : names) {
        if (!SftpConfig.SUPPORTED_CIPHERS.contains(name)) {
          return Optional.of("unknown cipher \"" + name + "\" (supported: "
              + String.join(", ", SftpConfig.SUPPORTED_CIPHERS) + ")");
        }
      }
      return Optional.empty();
    });
  }

  /** The names of a comma-separated list, trimmed, empty entries and repeats dropped. */
  static java.util.List<String> cipherNames(String list) {
    return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(n -> !n.isEmpty())
        .distinct().toList();
  }

  static Validator<String> fingerprint() {
    return of("starts with `SHA256:`", new JsonObject().put("pattern", "^SHA256:."), v -> v.startsWith("SHA256:") && v.length() > "SHA256:".length()
        ? Optional.empty()
        : Optional.of("must be an OpenSSH SHA256 fingerprint starting with \"SHA256:\""));
  }

  /** A gRPC target {@code host:port}; an IPv6 host in brackets ({@code [::1]:9060}). */
  static Validator<String> endpoint() {
    return of("`host:port`", v -> BigQueryEndpoint.parse(v).isPresent()
        ? Optional.empty()
        : Optional.of("must look like host:port (e.g. 127.0.0.1:9060)"));
  }

  /** A sub-directory that stays below its base: relative, no {@code ..} segment. */
  static Validator<String> relativeDirectory() {
    return of("relative, no `..`", v -> {
      if (v.startsWith("/") || v.startsWith("\\")) {
        return Optional.of("must be a relative path (no leading /)");
      }
      for (String segment : v.split("[/\\\\]")) {
        if (segment.equals("..")) {
          return Optional.of("must not contain .. segments");
        }
      }
      if (v.chars().anyMatch(Character::isISOControl)) {
        return Optional.of("must not contain control characters");
      }
      return Optional.empty();
    });
  }

  static Validator<String> fileNameTemplate() {
    return of("see below", v -> FileNameTemplate.problem(v));
  }

  static Validator<String> sideFileTemplate() {
    return of("a file name; placeholders {export_name}, {date}", v -> FileNameTemplate.sideFileProblem(v));
  }
}
