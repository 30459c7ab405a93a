package io.bqsftp.export;

import io.bqsftp.config.FileNameTemplate;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The file names of one run: the export's template filled with its name and run date. The default
 * gives the names BigQuery's split exports and the seed's partners use:
 * {@code product_data_20250317-000000000000.csv.gz}.
 */
public final class FileNaming {
  private final String template;
  private final String exportName;
  private final String date;
  private final boolean compressed;

  public FileNaming(String template, String exportName, LocalDate runDate, boolean compressed) {
    this.template = template;
    this.exportName = exportName;
    this.date = runDate.format(DateTimeFormatter.BASIC_ISO_DATE);
    this.compressed = compressed;
  }

  /** The name of part {@code part} (0-based). */
  public String name(int part) {
    return FileNameTemplate.render(template, exportName, date, part, compressed);
  }
}
