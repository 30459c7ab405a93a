package io.bqsftp.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code file_name_template} rules, shared by validation and naming so they cannot disagree.
 * Placeholders: {@code {export_name}}, {@code {date}} (YYYYMMDD), {@code {part}} (12 digits),
 * {@code {ext}} ({@code csv} or {@code csv.gz}). {@code {part}} is required so parts never collide;
 * path characters are refused so a name cannot leave the export's directory.
 */
public final class FileNameTemplate {
  public static final Set<String> PLACEHOLDERS = Set.of("export_name", "date", "part", "ext");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");

  private FileNameTemplate() {}

  /** The first problem with the template, phrased to follow "{path}: ". */
  public static Optional<String> problem(String template) {
    List<String> problems = new ArrayList<>();
    if (template.isBlank()) {
      return Optional.of("must not be empty");
    }
    if (template.contains("/") || template.contains("\\") || template.contains("..")) {
      problems.add("must not contain /, \\ or ..");
    }
    if (template.chars().anyMatch(Character::isISOControl)) {
      problems.add("must not contain control characters");
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        problems.add("unknown placeholder {" + m.group(1)
            + "} (allowed: {export_name}, {date}, {part}, {ext})");
      }
    }
    String rest = m.replaceAll("");
    if (rest.contains("{") || rest.contains("}")) {
      problems.add("has an unmatched { or }");
    }
    if (!template.contains("{part}")) {
      problems.add("must contain {part}");
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /**
   * Fills a valid template. {@code date} is YYYYMMDD, {@code part} is numbered from 0 and written
   * with 12 digits, as BigQuery numbers its export shards.
   */
  public static String render(String template, String exportName, String date, long part,
      boolean compressed) {
    return render(template, exportName, date, part, compressed ? "csv.gz" : "csv");
  }

  /** As above with the {@code {ext}} text given (e.g. {@code json.gz}). */
  public static String render(String template, String exportName, String date, long part, String ext) {
    return template
        .replace("{export_name}", exportName)
        .replace("{date}", date)
        .replace("{part}", String.format("%012d", part))
        .replace("{ext}", ext);
  }

  /**
   * The first problem with the name of a manifest or done marker: a plain, visible file name with
   * only {@code {export_name}} and {@code {date}} as placeholders.
   */
  public static Optional<String> sideFileProblem(String template) {
    if (template.isBlank()) {
      return Optional.of("must not be empty");
    }
    if (template.contains("/") || template.contains("\\") || template.contains("..")
        || template.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("must be a plain file name (no /, \\, .. or control characters)");
    }
    if (template.startsWith(".")) {
      return Optional.of("must not start with '.' (hidden names are the exporter's own temp and lock files)");
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!m.group(1).equals("export_name") && !m.group(1).equals("date")) {
        return Optional.of("unknown placeholder {" + m.group(1) + "} (allowed: {export_name}, {date})");
      }
    }
    return m.replaceAll("").matches(".*[{}].*") ? Optional.of("has an unmatched { or }") : Optional.empty();
  }

  /** Fills a valid manifest or marker template. */
  public static String renderSideFile(String template, String exportName, String date) {
    return template.replace("{export_name}", exportName).replace("{date}", date);
  }
}
