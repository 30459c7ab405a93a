package io.bqsftp.cli;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * The text of a run's live progress line: rows, MB of CSV, MB/s, parts landed and, when the read
 * session's row estimate is known, an ETA. Rates are averages since the first sample (so the
 * session setup before the first rows does not count, and the line does not jump with each batch).
 * Pure: the caller passes the time.
 */
final class ProgressLine {
  private static final double MB = 1_000_000.0;

  private final String label;
  private final long startNanos;
  private long firstNanos = Long.MIN_VALUE;
  private long firstRows;
  private long firstBytes;

  ProgressLine(String label, long startNanos) {
    this.label = label;
    this.startNanos = startNanos;
  }

  String render(long rows, long csvBytes, int partsLanded, OptionalLong estimatedRows, long nowNanos) {
    if (firstNanos == Long.MIN_VALUE) {
      firstNanos = nowNanos;
      firstRows = rows;
      firstBytes = csvBytes;
    }
    double elapsed = Math.max(0, nowNanos - startNanos) / 1e9;
    double sampled = Math.max(0, nowNanos - firstNanos) / 1e9;
    StringBuilder line = new StringBuilder(label).append(": ");
    line.append(String.format(Locale.ROOT, "%,d", rows));
    if (estimatedRows.isPresent() && estimatedRows.getAsLong() > 0) {
      long total = estimatedRows.getAsLong();
      line.append(String.format(Locale.ROOT, " of ~%,d rows (%d%%)", total, Math.min(100, rows * 100 / total)));
    } else {
      line.append(" rows");
    }
    line.append(String.format(Locale.ROOT, ", %.1f MB CSV", csvBytes / MB));
    if (sampled >= 1) {
      line.append(String.format(Locale.ROOT, ", %.1f MB/s", (csvBytes - firstBytes) / MB / sampled));
    }
    line.append(", ").append(partsLanded).append(partsLanded == 1 ? " part landed" : " parts landed");
    line.append(", ").append(duration((long) elapsed)).append(" elapsed");
    eta(rows, estimatedRows, (rows - firstRows) / Math.max(sampled, 1e-9), sampled)
        .ifPresent(eta -> line.append(", ETA ").append(duration(eta)));
    return line.toString();
  }

  /** Seconds left at the row rate since the first sample; unknown without an estimate or a rate. */
  private static OptionalLong eta(long rows, OptionalLong estimatedRows, double rowsPerSecond, double sampled) {
    if (estimatedRows.isEmpty() || sampled < 1 || rowsPerSecond <= 0) {
      return OptionalLong.empty();
    }
    long left = Math.max(0, estimatedRows.getAsLong() - rows);
    return OptionalLong.of(Math.round(left / rowsPerSecond));
  }

  static String duration(long seconds) {
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
  }
}
