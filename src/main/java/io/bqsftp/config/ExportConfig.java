package io.bqsftp.config;

import java.util.List;
import java.util.Optional;

/**
 * One entry of the seed's {@code exports} map, plus the optional file and CSV settings.
 *
 * @param columns the columns to export, in output order; empty: every column in table order
 * @param rowFilter a BigQuery boolean expression restricting the rows, ANDed with the date window
 * @param ifExists what the commit does with files already under the export's part names
 * @param encryption the partner's OpenPGP key, when files are encrypted
 * @param format CSV or newline-delimited JSON
 * @param sftp this export's own destination (the service's sftp with its overrides), if it has one
 */
public record ExportConfig(
    String name,
    String sourceTable,
    boolean compress,
    ExportType exportType,
    Optional<String> dateColumn,
    int daysLookback,
    char fieldDelimiter,
    boolean printHeader,
    long maxFileBytes,
    String fileNameTemplate,
    String directory,
    int compressionLevel,
    Optional<String> manifestFile,
    Optional<String> doneFile,
    List<String> columns,
    Optional<String> rowFilter,
    IfExists ifExists,
    Optional<PgpEncryption> encryption,
    ExportFormat format,
    Optional<SftpConfig> sftp) {

  /** BigQuery splits exports at 1 GB per file. */
  public static final long DEFAULT_MAX_FILE_BYTES = 1_000_000_000L;
  /** The names the seed's partners receive: {@code product_data_20250317-000000000000.csv.gz}. */
  public static final String DEFAULT_FILE_NAME_TEMPLATE = "{export_name}_{date}-{part}.{ext}";
  /** Level 1: ISA-L deflates it ~14x faster than zlib level 6 for 12% more bytes (docs/compression.md). */
  public static final int DEFAULT_COMPRESSION_LEVEL = 1;

  /** An export without the per-partner options (every column and row, replace, CSV, no encryption, the service's SFTP). */
  public ExportConfig(String name, String sourceTable, boolean compress, ExportType exportType,
      Optional<String> dateColumn, int daysLookback, char fieldDelimiter, boolean printHeader, long maxFileBytes,
      String fileNameTemplate, String directory, int compressionLevel, Optional<String> manifestFile,
      Optional<String> doneFile) {
    this(name, sourceTable, compress, exportType, dateColumn, daysLookback, fieldDelimiter, printHeader, maxFileBytes,
        fileNameTemplate, directory, compressionLevel, manifestFile, doneFile, List.of(), Optional.empty(),
        IfExists.REPLACE, Optional.empty(), ExportFormat.CSV, Optional.empty());
  }

  /** What the file name template's {@code {ext}} stands for. */
  public String fileExtension() {
    return format.key() + (compress ? ".gz" : "");
  }

  /** Appended to every part's whole name: {@code .pgp} for encrypted files, else nothing. */
  public String fileSuffix() {
    return encryption.isPresent() ? PgpEncryption.SUFFIX : "";
  }

  /** The table parts: {@code project.dataset.table}. */
  public TableId table() {
    return TableId.parse(sourceTable);
  }
}
