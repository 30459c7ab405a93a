package io.bqsftp.ledger;

import io.bqsftp.config.ServiceConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The configured ledger: the BigQuery table {@code metadata.export_metadata_table} (and its
 * {@code _files} table) when set, else the local JSON-lines {@code ledger_file}.
 */
public final class LedgerFactory {
  private LedgerFactory() {}

  public static Ledger create(ServiceConfig config) throws IOException {
    if (config.exportMetadataTable().isPresent()) {
      return BigQueryLedger.create(config.exportMetadataTable().get(), config.bigquery());
    }
    return new FileLedger(Path.of(config.ledgerFile()));
  }
}
