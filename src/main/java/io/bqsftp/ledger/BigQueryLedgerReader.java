package io.bqsftp.ledger;

import io.bqsftp.contract.RunStatus;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import com.google.cloud.bigquery.storage.v1.ReadStream;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.config.TableId;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads ledger events back through the Storage Read API, restricted to one export's rows (or one
 * run's), and turns Arrow rows into records. Events come back in no particular order, so they are
 * sorted by event time before {@link LedgerHistory} folds them.
 */
final class BigQueryLedgerReader {
  private final TableReader reader;
  private final TableId runsTable;
  private final TableId filesTable;

  BigQueryLedgerReader(TableReader reader, TableId runsTable, TableId filesTable) {
    this.reader = reader;
    this.runsTable = runsTable;
    this.filesTable = filesTable;
  }

  List<LedgerEntry> runs(String exportName) throws IOException {
    List<LedgerEntry> runs = read(runsTable, "export_name = " + literal(exportName), BigQueryLedgerReader::run);
    runs.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
    return runs;
  }

  List<FileRecord> files(String runId) throws IOException {
    List<FileRecord> files = read(filesTable, "export_id = " + literal(runId), BigQueryLedgerReader::file);
    files.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
    return files;
  }

  List<FileRecord> filesOfExport(String exportName) throws IOException {
    List<FileRecord> files = read(filesTable, "export_name = " + literal(exportName), BigQueryLedgerReader::file);
    files.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
    return files;
  }

  /** A GoogleSQL string literal; export names and run ids are plain already, this is defence in depth. */
  static String literal(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private <T> List<T> read(TableId table, String restriction, Function<Row, T> mapper) throws IOException {
    List<T> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      ReadSession session = reader.createSession(table, Optional.of(restriction), 1);
      Schema schema = TableReader.schemaOf(session);
      for (ReadStream stream : session.getStreamsList()) {
        reader.readStream(stream.getName(), schema, allocator, batch -> {
          for (int i = 0; i < batch.getRowCount(); i++) {
            out.add(mapper.apply(new Row(batch, i)));
          }
        });
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot read the ledger table " + table + ": " + describe(e), e);
    }
    return out;
  }

  /** A gRPC failure as "CODE: description", without the exception class names gax puts in front. */
  static String describe(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.grpc.StatusRuntimeException s) {
        var status = s.getStatus();
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static LedgerEntry run(Row r) {
    return new LedgerEntry(r.text("export_id"), r.text("export_name"), r.date("run_date"), r.text("source_table"),
        r.text("destination_uri"), RunStatus.parse(r.text("status")), r.number("rows_exported").orElse(0L),
        r.time("started_at").orElseThrow(), r.time("completed_at"), Optional.ofNullable(r.text("error_message")),
        r.number("file_count").map(Long::intValue), r.text("event"), r.time("event_time").orElseThrow(),
        r.texts("trigger_ids"));
  }

  private static FileRecord file(Row r) {
    return new FileRecord(r.text("export_id"), r.text("export_name"), r.date("run_date"), r.text("file_name"),
        r.number("rows").orElse(0L), r.number("bytes").orElse(0L), r.text("sha256"), FileState.parse(r.text("status")),
        Optional.ofNullable(r.text("staged_uri")), Optional.ofNullable(r.text("error_message")),
        r.time("event_time").orElseThrow());
  }

  /** One row of an Arrow batch, read by column name (TIMESTAMP: micros, DATE: days). */
  private record Row(VectorSchemaRoot batch, int index) {
    Object value(String column) {
      FieldVector vector = batch.getVector(column);
      return vector == null || vector.isNull(index) ? null : vector.getObject(index);
    }

    String text(String column) {
      Object v = value(column);
      return v == null ? null : v.toString();
    }

    /** A REPEATED STRING column; absent in tables created before it: empty. */
    List<String> texts(String column) {
      if (!(value(column) instanceof List<?> list)) {
        return List.of();
      }
      return list.stream().map(String::valueOf).toList();
    }

    Optional<Long> number(String column) {
      return Optional.ofNullable((Number) value(column)).map(Number::longValue);
    }

    Optional<Instant> time(String column) {
      return number(column).map(micros -> Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS));
    }

    LocalDate date(String column) {
      Object v = value(column);
      return v instanceof LocalDate d ? d : LocalDate.ofEpochDay(((Number) v).longValue());
    }
  }
}
