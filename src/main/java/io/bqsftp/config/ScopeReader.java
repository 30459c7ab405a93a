package io.bqsftp.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Reads typed values of one scope (the whole file, or one {@code exports.<name>} object):
 * environment first, then the JSON file, then the default. Problems are recorded, never thrown, and
 * a value that could not be read comes back as null.
 */
final class ScopeReader {
  private final JsonObject scope;
  private final String exportName; // null for the service scope
  private final EnvSource env;
  private final Problems problems;

  ScopeReader(JsonObject scope, String exportName, EnvSource env, Problems problems) {
    this.scope = scope;
    this.exportName = exportName;
    this.env = env;
    this.problems = problems;
  }

  /** The value, its default, or null when unset without default or invalid. */
  <T> T get(ConfigKey<T> key) {
    String path = key.pathFor(exportName);
    Optional<EnvSource.Value> fromEnv = exportName == null ? env.lookup(key) : Optional.empty();
    T value;
    String where;
    String shown;
    try {
      if (fromEnv.isPresent()) {
        where = path + " (from " + fromEnv.get().origin() + ")";
        shown = shown(key, fromEnv.get().text());
        value = key.type().fromEnv(fromEnv.get().text());
      } else {
        Object raw = rawValue(key);
        if (raw == null) {
          if (key.required()) {
            problems.add(path, "is required" + key.envVar()
                .map(e -> " (set it in the config file or " + e + ")").orElse(""));
          }
          return key.defaultValue().orElse(null);
        }
        where = path;
        shown = shown(key, raw);
        value = key.type().fromJson(raw);
      }
    } catch (ValueType.Mismatch m) {
      String at = fromEnv.map(v -> path + " (from " + v.origin() + ")").orElse(path);
      Object raw = fromEnv.<Object>map(EnvSource.Value::text).orElseGet(() -> rawValue(key));
      problems.add(at, m.getMessage() + shown(key, raw));
      return null;
    }
    if (key.validator().isPresent()) {
      Optional<String> problem = check(key.validator().get(), value);
      if (problem.isPresent()) {
        problems.add(where, problem.get() + shown);
        return null;
      }
    }
    return value;
  }

  /**
   * Whether the key is given in env or the file (defaults do not count), valid or not: rules
   * between keys use this so one bad value does not also raise "X is required".
   */
  boolean isSet(ConfigKey<?> key) {
    return (exportName == null && env.isSet(key)) || rawValue(key) != null;
  }

  @SuppressWarnings("unchecked")
  private static <T> Optional<String> check(Validator<? super T> validator, T value) {
    return ((Validator<T>) validator).check(value);
  }

  /** The JSON value at the key's path in this scope; null if absent, null, or not reachable. */
  private Object rawValue(ConfigKey<?> key) {
    Object node = scope;
    for (String segment : key.relativePath().split("\\.")) {
      if (!(node instanceof JsonObject obj)) {
        return null; // a non-object section is reported by StructureCheck
      }
      node = obj.getValue(segment);
    }
    return node;
  }

  /** " (got ...)" for messages; secrets show nothing at all. */
  private static String shown(ConfigKey<?> key, Object raw) {
    return key.isSecret() || raw == null ? "" : " (got " + describe(raw) + ")";
  }

  static String describe(Object raw) {
    if (raw instanceof String s) {
      String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
      return "\"" + cut.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
          .replace("\t", "\\t") + "\"";
    }
    if (raw instanceof JsonObject) {
      return "an object";
    }
    if (raw instanceof JsonArray) {
      return "a list";
    }
    return String.valueOf(raw);
  }
}
