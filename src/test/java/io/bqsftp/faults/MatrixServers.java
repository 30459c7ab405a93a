package io.bqsftp.faults;

import io.bqsftp.local.JsonLinesTable;
import io.bqsftp.local.LocalBigQueryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fault matrix's BigQuery side, shared by a test class: the id table written once and served
 * by an in-process local Read API server (cases that fault the Read API itself start a
 * {@code local-bigquery} process instead).
 */
final class MatrixServers implements AutoCloseable {
  static final long ROWS = 20_000;

  final IdTable table;
  final LocalBigQueryServer bigquery;

  private MatrixServers(IdTable table, LocalBigQueryServer bigquery) {
    this.table = table;
    this.bigquery = bigquery;
  }

  static MatrixServers start() throws IOException {
    Path dir = Files.createTempDirectory("fault-matrix-table");
    IdTable table = IdTable.write(dir, ROWS);
    LocalBigQueryServer bigquery = LocalBigQueryServer.start(0);
    bigquery.addTable(table.name(), JsonLinesTable.load(table.schema(), table.rows()));
    // Small batches: several per part, so streams interleave within parts.
    bigquery.setBatchRows(500);
    return new MatrixServers(table, bigquery);
  }

  String endpoint() {
    return bigquery.endpoint();
  }

  @Override
  public void close() throws IOException {
    bigquery.close();
    try (var files = Files.walk(table.schema().getParent())) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
