package io.bqsftp.preflight;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import io.bqsftp.bigquery.DateColumnType;
import io.bqsftp.bigquery.DateWindow;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ExportType;
import io.bqsftp.config.TableId;
import io.bqsftp.ledger.BigQueryLedger;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens the read session a run would open (same table, same row restriction for the run date's
 * window), and sessions on the history tables. Sessions cost nothing until rows are read.
 */
final class BigQueryProbe {
  private final TableReader reader;

  BigQueryProbe(TableReader reader) {
    this.reader = reader;
  }

  CheckResult read(ExportConfig export, LocalDate runDate) {
    try {
      Session session = session(export, runDate);
      return CheckResult.ok(export.name(), "bigquery.read", "session on " + export.sourceTable() + " ("
          + session.window() + "): " + estimate(session.session()));
    } catch (ApiException | IOException | IllegalArgumentException e) {
      return CheckResult.failed(export.name(), "bigquery.read", "cannot read " + export.sourceTable() + ": " + e.getMessage());
    }
  }

  record Session(ReadSession session, String window) {}

  /** The session a run of {@code export} for {@code runDate} reads (one stream: only its metadata is used). */
  Session session(ExportConfig export, LocalDate runDate) throws IOException {
    Optional<String> restriction = Optional.empty();
    String window = "all rows";
    if (export.exportType() == ExportType.DATE_RANGE && export.dateColumn().isPresent()) {
      String column = export.dateColumn().get();
      DateWindow dates = DateWindow.lookback(runDate, export.daysLookback());
      DateColumnType type = reader.probeDateColumn(export.table(), column);
      restriction = Optional.of(dates.rowRestriction(column, type));
      window = column + " from " + dates.first() + " to " + dates.last();
    }
    return new Session(reader.createSession(export.table(), restriction, 1), window);
  }

  /** The ledger's runs table and its {@code _files} table, when {@code export_metadata_table} is set. */
  List<CheckResult> history(String runsTable) {
    List<CheckResult> results = new ArrayList<>();
    TableId runs;
    try {
      runs = TableId.parse(runsTable);
    } catch (IllegalArgumentException e) {
      results.add(CheckResult.failed(CheckResult.SERVICE, "history", e.getMessage()));
      return results;
    }
    for (TableId table : List.of(runs, BigQueryLedger.filesTable(runs))) {
      String spec = table.project() + "." + table.dataset() + "." + table.table();
      try {
        reader.createSession(table, Optional.empty(), 1);
        results.add(CheckResult.ok(CheckResult.SERVICE, "history", "table " + spec + " readable"));
      } catch (ApiException e) {
        results.add(CheckResult.failed(CheckResult.SERVICE, "history", "cannot read history table " + spec + ": " + e.getMessage()));
      }
    }
    return results;
  }

  private static String estimate(ReadSession session) {
    long rows = session.getEstimatedRowCount();
    return rows > 0 ? "about " + rows + " rows" : "opened";
  }
}
