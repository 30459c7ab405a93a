package io.bqsftp.config;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds keys the definitions do not know (usually typos) and sections that are not JSON objects.
 * Values of unknown keys are never shown: a misspelt "pasword" still holds a password.
 */
final class StructureCheck {
  private final Problems problems;

  StructureCheck(Problems problems) {
    this.problems = problems;
  }

  /**
   * Checks the whole file; the {@code exports} entries are checked one by one. {@code $schema}
   * (an editor's pointer to conf/config.schema.json) is not a setting and is ignored.
   */
  void check(JsonObject root) {
    walk(root, "", "", keyPaths(ConfigDef.SERVICE_KEYS), Set.of("exports", ConfigSchema.SCHEMA_KEY));
  }

  void checkExport(JsonObject export, String name) {
    walk(export, "exports." + name + ".", "", keyPaths(ConfigDef.EXPORT_KEYS), Set.of());
  }

  private static Set<String> keyPaths(List<ConfigKey<?>> keys) {
    return keys.stream().map(ConfigKey::relativePath).collect(Collectors.toSet());
  }

  /** {@code shown}: the path prefix for messages; {@code local}: the prefix within the scope. */
  private void walk(JsonObject node, String shown, String local, Set<String> leaves,
      Set<String> skip) {
    for (Map.Entry<String, Object> e : node) {
      String localPath = local + e.getKey();
      String shownPath = shown + e.getKey();
      if (leaves.contains(localPath) || skip.contains(localPath)) {
        continue;
      }
      if (leaves.stream().anyMatch(l -> l.startsWith(localPath + "."))) {
        if (e.getValue() instanceof JsonObject child) {
          walk(child, shownPath + ".", localPath + ".", leaves, skip);
        } else if (e.getValue() != null) {
          problems.add(shownPath, "must be an object (got " + kind(e.getValue()) + ")");
        }
        continue;
      }
      problems.add(shownPath, "unknown key" + suggestion(localPath, leaves, skip));
    }
  }

  /** A JSON value's kind, never its content. */
  static String kind(Object v) {
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "true/false";
    }
    if (v instanceof JsonObject) {
      return "an object";
    }
    return "a list";
  }

  /** " (did you mean X?)" for a known key or section within two edits of the unknown one. */
  private static String suggestion(String unknown, Collection<String> leaves, Set<String> skip) {
    Set<String> known = new TreeSet<>(leaves);
    known.addAll(skip);
    for (String leaf : leaves) {
      for (int dot = leaf.indexOf('.'); dot > 0; dot = leaf.indexOf('.', dot + 1)) {
        known.add(leaf.substring(0, dot));
      }
    }
    return known.stream()
        .filter(k -> distance(unknown, k) <= 2)
        .min(Comparator.comparingInt(k -> distance(unknown, k)))
        .map(k -> " (did you mean " + k + "?)")
        .orElse("");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
