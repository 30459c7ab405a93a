package io.bqsftp.ledger;

import io.bqsftp.config.ServiceConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The configured ledger: the BigQuery table {@code metadata.export_metadata_table} (and its
 * {@code _files} table) when set, else the local JSON-lines {@code ledger_file}; either behind the
 * local {@code ledger_journal_file} ({@link JournaledLedger}).
 */
public final class LedgerFactory {
  private LedgerFactory() {}

  /** The ledger behind its local journal: every event is journaled first, then delivered. */
  public static Ledger create(ServiceConfig config) throws IOException {
    Path journal = Path.of(config.ledgerJournalFile());
    if (config.exportMetadataTable().isPresent()) {
      String table = config.exportMetadataTable().get();
      return new JournaledLedger(BigQueryLedger.create(table, config.bigquery()), "BigQuery table " + table, journal);
    }
    return new JournaledLedger(new FileLedger(Path.of(config.ledgerFile())), "ledger file " + config.ledgerFile(),
        journal);
  }
}
