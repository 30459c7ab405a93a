package io.bqsftp.faults;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The export folder at one moment, as the partner's disk holds it: every file's name, size and
 * content hash, and for each visible part the source ids it holds (or why it is not a complete
 * gzip CSV file).
 */
record Snapshot(Map<String, Entry> files) {
  /** One file; {@code ids} only for visible parts that read back completely, else {@code broken}. */
  record Entry(String name, long bytes, String sha256, long[] ids, String broken) {
    boolean hidden() {
      return name.startsWith(".");
    }

    boolean part() {
      return !hidden() && name.endsWith(".csv.gz");
    }
  }

  List<String> hidden() {
    return files.values().stream().filter(Entry::hidden).map(Entry::name).toList();
  }

  List<String> visible() {
    return files.values().stream().filter(e -> !e.hidden()).map(Entry::name).toList();
  }

  List<String> parts() {
    return files.values().stream().filter(Entry::part).map(Entry::name).toList();
  }

  /** Visible names to content hashes: equal for two snapshots only when the partner sees the same set. */
  Map<String, String> visibleContent() {
    Map<String, String> content = new TreeMap<>();
    files.values().stream().filter(e -> !e.hidden()).forEach(e -> content.put(e.name(), e.sha256()));
    return content;
  }

  /** Partial visible parts (names with why). */
  List<String> broken() {
    return files.values().stream().filter(e -> e.part() && e.broken() != null)
        .map(e -> e.name() + ": " + e.broken()).toList();
  }

  /** Counts the visible parts' rows against ids 0..expected-1. */
  RowTally tally(long expected) {
    int[] seen = new int[Math.toIntExact(expected)];
    long rows = 0;
    long duplicated = 0;
    long foreign = 0;
    for (Entry e : files.values()) {
      if (!e.part() || e.ids() == null) {
        continue;
      }
      for (long id : e.ids()) {
        rows++;
        if (id < 0 || id >= expected) {
          foreign++;
        } else if (seen[(int) id]++ > 0) {
          duplicated++;
        }
      }
    }
    long lost = 0;
    for (int count : seen) {
      if (count == 0) {
        lost++;
      }
    }
    return new RowTally(rows, lost, duplicated + foreign, broken().size());
  }
}
