package io.bqsftp.recovery;

import io.bqsftp.config.ExportConfig;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Recognises the file names an export writes for one run date (any part number), and the hidden
 * temp names of its uploads ({@code .<name>.<12 hex>.part}), in a remote listing.
 */
final class RunFileNames {
  private final Pattern finalName;
  private final Pattern tempName;

  RunFileNames(ExportConfig export, LocalDate runDate) {
    String date = runDate.format(DateTimeFormatter.BASIC_ISO_DATE);
    String template = export.fileNameTemplate();
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        regex.append(Pattern.quote(template.substring(i)));
        break;
      }
      int close = template.indexOf('}', open);
      regex.append(Pattern.quote(template.substring(i, open)));
      String placeholder = template.substring(open + 1, close);
      regex.append(switch (placeholder) {
        case "export_name" -> Pattern.quote(export.name());
        case "date" -> Pattern.quote(date);
        case "part" -> "\\d{12}";
        case "ext" -> Pattern.quote(export.fileExtension());
        default -> Pattern.quote("{" + placeholder + "}");
      });
      i = close + 1;
    }
    regex.append(Pattern.quote(export.fileSuffix()));
    this.finalName = Pattern.compile(regex.toString());
    this.tempName = Pattern.compile("\\.?(" + regex + ")\\.[0-9a-f]{12}\\.part");
  }

  boolean isFinalName(String name) {
    return finalName.matcher(name).matches();
  }

  boolean isTempName(String name) {
    return name.startsWith(".") && tempName.matcher(name).matches();
  }
}
