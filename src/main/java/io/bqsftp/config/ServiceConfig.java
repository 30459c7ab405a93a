package io.bqsftp.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The whole validated configuration: the seed's keys plus the service's own. */
public record ServiceConfig(
    SftpConfig sftp,
    Optional<String> gcsBucket,
    Optional<String> exportMetadataTable,
    BigQueryConfig bigquery,
    Map<String, ExportConfig> exports,
    int httpPort,
    int maxConcurrentExports,
    Duration shutdownGracePeriod,
    String stagingDirectory,
    String ledgerFile,
    boolean debug,
    DeliveryConfig delivery,
    TriggerConfig triggers,
    String ledgerJournalFile) {

  /** The default ledger journal: {@code journal.jsonl} in the folder of the ledger file. */
  public static String journalBeside(String ledgerFile) {
    java.nio.file.Path parent = java.nio.file.Path.of(ledgerFile).getParent();
    return (parent == null ? java.nio.file.Path.of("journal.jsonl") : parent.resolve("journal.jsonl")).toString();
  }

  public ServiceConfig(SftpConfig sftp, Optional<String> gcsBucket, Optional<String> exportMetadataTable,
      BigQueryConfig bigquery, Map<String, ExportConfig> exports, int httpPort, int maxConcurrentExports,
      Duration shutdownGracePeriod, String stagingDirectory, String ledgerFile, boolean debug,
      DeliveryConfig delivery, TriggerConfig triggers) {
    this(sftp, gcsBucket, exportMetadataTable, bigquery, exports, httpPort, maxConcurrentExports, shutdownGracePeriod,
        stagingDirectory, ledgerFile, debug, delivery, triggers, journalBeside(ledgerFile));
  }

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_MAX_CONCURRENT_EXPORTS = 2;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(300);


  /** Where {@code export}'s files go: its own destination, or the service's. */
  public SftpConfig sftpFor(ExportConfig export) {
    return export.sftp().orElse(sftp);
  }

  public Optional<ExportConfig> export(String name) {
    return Optional.ofNullable(exports.get(name));
  }
}
