package io.bqsftp.local;

import static io.bqsftp.local.BqField.nullable;
import static io.bqsftp.local.BqField.required;

import java.util.List;

/**
 * The export history tables as docs/history-and-retry.md creates them in BigQuery: the seed's
 * metadata table and {@code <table>_files}, empty and appendable, so the BigQuery ledger runs
 * against the local server as it would against BigQuery.
 */
public final class HistoryTables {
  private HistoryTables() {}

  /** The metadata table's columns, as its DDL declares them. */
  public static final List<BqField> RUNS = List.of(
      required("export_id", BqType.STRING),
      required("export_name", BqType.STRING),
      required("run_date", BqType.DATE),
      required("source_table", BqType.STRING),
      required("destination_uri", BqType.STRING),
      required("status", BqType.STRING),
      nullable("rows_exported", BqType.INT64),
      required("started_at", BqType.TIMESTAMP),
      nullable("completed_at", BqType.TIMESTAMP),
      nullable("error_message", BqType.STRING),
      nullable("file_count", BqType.INT64),
      required("event", BqType.STRING),
      required("event_time", BqType.TIMESTAMP));

  /** The {@code _files} table's columns, as its DDL declares them. */
  public static final List<BqField> FILES = List.of(
      required("export_id", BqType.STRING),
      required("export_name", BqType.STRING),
      required("run_date", BqType.DATE),
      required("file_name", BqType.STRING),
      nullable("rows", BqType.INT64),
      nullable("bytes", BqType.INT64),
      nullable("sha256", BqType.STRING),
      required("status", BqType.STRING),
      nullable("staged_uri", BqType.STRING),
      nullable("error_message", BqType.STRING),
      required("event_time", BqType.TIMESTAMP));

  /**
   * Creates both tables on {@code server}: {@code metadataTable} ({@code project.dataset.table})
   * and {@code metadataTable + "_files"}. Existing tables of those names are replaced.
   */
  public static void create(LocalBigQueryServer server, String metadataTable) {
    server.addTable(metadataTable, new AppendableTable(RUNS));
    server.addTable(metadataTable + "_files", new AppendableTable(FILES));
  }
}
