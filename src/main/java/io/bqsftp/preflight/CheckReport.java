package io.bqsftp.preflight;

import java.util.List;
import java.util.stream.Collectors;

/** Every preflight row, as a text table; it passes when no row failed. */
public record CheckReport(List<CheckResult> results) {

  public CheckReport {
    results = List.copyOf(results);
  }

  public boolean ok() {
    return results.stream().noneMatch(CheckResult::failed);
  }

  public List<CheckResult> failures() {
    return results.stream().filter(CheckResult::failed).toList();
  }

  /** Aligned columns EXPORT, STEP, RESULT, DETAIL, then one line naming what failed (if anything). */
  public String toText() {
    int exportWidth = width("EXPORT", results.stream().map(CheckResult::export).toList());
    int stepWidth = width("STEP", results.stream().map(CheckResult::step).toList());
    String format = "%-" + exportWidth + "s  %-" + stepWidth + "s  %-7s  %s%n";
    StringBuilder text = new StringBuilder(String.format(format, "EXPORT", "STEP", "RESULT", "DETAIL"));
    for (CheckResult r : results) {
      text.append(String.format(format, r.export(), r.step(), r.status().text(), oneLine(r.detail())));
    }
    if (ok()) {
      text.append("check passed\n");
    } else {
      text.append("check failed: ").append(failures().stream()
          .map(r -> r.export() + " " + r.step()).collect(Collectors.joining(", "))).append('\n');
    }
    return text.toString();
  }

  private static int width(String header, List<String> values) {
    return Math.max(header.length(), values.stream().mapToInt(String::length).max().orElse(0));
  }

  private static String oneLine(String detail) {
    return detail == null ? "" : detail.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
