package io.bqsftp.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem before failing, so one start-up reports them all. */
final class Problems {
  private final Set<String> lines = new LinkedHashSet<>();

  void add(String path, String message) {
    lines.add(path + ": " + message);
  }

  /** Another collector's problems, their paths prefixed (e.g. {@code exports.b.}). */
  void addAll(String prefix, Problems other) {
    other.lines.forEach(line -> lines.add(prefix + line));
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  List<String> list() {
    return new ArrayList<>(lines);
  }

  void throwIfAny() {
    if (!lines.isEmpty()) {
      throw new ConfigException(list());
    }
  }
}
