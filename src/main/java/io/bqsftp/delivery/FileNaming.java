package io.bqsftp.delivery;

import io.bqsftp.config.FileNameTemplate;
import io.bqsftp.sftp.RemoteFolder;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The file names of one run: the export's template filled with its name and run date. The default
 * gives the names BigQuery's split exports and the seed's partners use:
 * {@code product_data_20250317-000000000000.csv.gz}.
 */
public final class FileNaming {
  private final String template;
  private final String exportName;
  private final String date;
  private final String ext;
  private final String suffix;

  public FileNaming(String template, String exportName, LocalDate runDate, boolean compressed) {
    this(template, exportName, runDate, compressed ? "csv.gz" : "csv", "");
  }

  /** {@code ext}: what {@code {ext}} stands for; {@code suffix}: appended to each whole name ({@code .pgp}). */
  public FileNaming(String template, String exportName, LocalDate runDate, String ext, String suffix) {
    this.template = template;
    this.exportName = exportName;
    this.date = runDate.format(DateTimeFormatter.BASIC_ISO_DATE);
    this.ext = ext;
    this.suffix = suffix;
  }

  /** The names of {@code export}'s parts for {@code runDate}. */
  public static FileNaming of(io.bqsftp.config.ExportConfig export, LocalDate runDate) {
    return new FileNaming(export.fileNameTemplate(), export.name(), runDate, export.fileExtension(), export.fileSuffix());
  }

  /** Whether {@code fileName} is a part of this export and run date (any part number). */
  public boolean isPart(String fileName) {
    return partPattern().matcher(fileName).matches();
  }

  /**
   * Whether {@code fileName} is the hidden temp name an upload of one of these parts uses while it
   * is written ({@code .<name>.<12 hex>.part}, made by the SFTP uploader).
   */
  public boolean isTemp(String fileName) {
    String hidden = RemoteFolder.hiddenNameOfTemp(fileName);
    return hidden != null && (isPart(hidden.substring(1)) || isPart(hidden));
  }

  /** The template as a pattern: its other placeholders filled, {@code {part}} any 12 digits. */
  private Pattern partPattern() {
    var regex = new StringBuilder();
    String[] pieces = template.split("\\{part\\}", -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        regex.append("\\d{12}");
      }
      regex.append(Pattern.quote(FileNameTemplate.render(pieces[i], exportName, date, 0, ext)));
    }
    regex.append(Pattern.quote(suffix));
    return Pattern.compile(regex.toString());
  }

  /** The name of part {@code part} (0-based). */
  public String name(int part) {
    return FileNameTemplate.render(template, exportName, date, part, ext) + suffix;
  }
}
