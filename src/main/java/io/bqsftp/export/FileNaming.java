package io.bqsftp.export;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Renders an export's file-name template. The default gives the names BigQuery's split exports
 * and the seed's partners use: {@code product_data_20250317-000000000000.csv.gz}.
 */
public final class FileNaming {
  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private final String template;
  private final String exportName;
  private final String date;
  private final String extension;

  public FileNaming(String template, String exportName, LocalDate runDate, boolean compressed) {
    this.template = template;
    this.exportName = exportName;
    this.date = runDate.format(BASIC_DATE);
    this.extension = compressed ? "csv.gz" : "csv";
  }

  /** The name of part {@code part} (0-based), with a 12-digit part number. */
  public String name(int part) {
    return template
        .replace("{export_name}", exportName)
        .replace("{date}", date)
        .replace("{part}", String.format("%012d", part))
        .replace("{ext}", extension);
  }
}
