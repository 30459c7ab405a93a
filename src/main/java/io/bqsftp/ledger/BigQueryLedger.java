package io.bqsftp.ledger;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteClient;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteSettings;
import com.google.cloud.bigquery.storage.v1.ProtoRows;
import com.google.cloud.bigquery.storage.v1.ProtoSchema;
import com.google.cloud.bigquery.storage.v1.ProtoSchemaConverter;
import com.google.cloud.bigquery.storage.v1.StreamWriter;
import com.google.cloud.bigquery.storage.v1.TableName;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.bqsftp.AppVersion;
import io.bqsftp.bigquery.ReadClientFactory;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.config.BigQueryConfig;
import io.bqsftp.config.TableId;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The production ledger: append-only status events in two BigQuery tables, the seed's metadata
 * table ({@code metadata.export_metadata_table}, one row per run event) and {@code <table>_files}
 * (one row per file event), written through the Storage Write API's default stream (at-least-once,
 * no stream management, rows visible at once). Each call waits for BigQuery's acknowledgement.
 * Queries read the tables back through the Storage Read API with a row restriction on
 * {@code export_name} / {@code export_id} ({@link BigQueryLedgerReader}).
 */
public final class BigQueryLedger implements Ledger {
  private static final long APPEND_TIMEOUT_SECONDS = 60;
  static final Duration READ_RETRY_TIMEOUT = Duration.ofSeconds(10);
  /**
   * The Write API client logs every stream open and close at INFO through java.util.logging,
   * which bypasses logback and prints plain multi-line text to stderr (noise in the CLI's one-line
   * errors and in Cloud Logging). Its warnings still show. Held here: JUL keeps loggers weakly.
   */
  private static final java.util.logging.Logger WRITE_CLIENT_LOG = quiet("com.google.cloud.bigquery.storage.v1");

  private static java.util.logging.Logger quiet(String name) {
    var logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BigQueryLedger.class);

  private volatile StreamWriter runs;
  /** The run row's form: without trigger_ids once the table turned out not to have that column. */
  private volatile Descriptors.Descriptor runRow = LedgerRows.RUN;
  private TableId runsTable;
  private BigQueryWriteClient writeClient;
  private final StreamWriter files;
  private final BigQueryLedgerReader reader;
  private final BigQueryReadClient readClient;

  BigQueryLedger(StreamWriter runs, StreamWriter files, BigQueryLedgerReader reader, BigQueryReadClient readClient) {
    this.runs = runs;
    this.files = files;
    this.reader = reader;
    this.readClient = readClient;
  }

  /** @param table the metadata table {@code project.dataset.table}; files go to {@code table_files} */
  public static BigQueryLedger create(String table, BigQueryConfig bigquery) throws IOException {
    TableId runsTable = TableId.parse(table);
    TableId filesTable = filesTable(runsTable);
    BigQueryWriteClient writeClient = writeClient(bigquery);
    StreamWriter runs = null;
    StreamWriter files = null;
    BigQueryReadClient readClient = null;
    try {
      runs = writer(runsTable, LedgerRows.RUN, writeClient);
      files = writer(filesTable, LedgerRows.FILE, writeClient);
      readClient = readClient(bigquery);
      var reader = new BigQueryLedgerReader(new TableReader(readClient, bigquery.billingProject()), runsTable, filesTable);
      var ledger = new BigQueryLedger(runs, files, reader, readClient);
      ledger.runsTable = runsTable;
      ledger.writeClient = writeClient;
      return ledger;
    } catch (IOException | RuntimeException e) {
      if (runs != null) {
        runs.close();
      }
      writeClient.close();
      if (files != null) {
        files.close();
      }
      if (readClient != null) {
        readClient.close();
      }
      throw e;
    }
  }

  /**
   * A Read API client whose session calls give up after {@link #READ_RETRY_TIMEOUT} instead of the
   * client's default 10 minutes: {@code verify} against an unreachable endpoint should say so soon.
   */
  static BigQueryReadClient readClient(BigQueryConfig bigquery) throws IOException {
    var settings = ReadClientFactory.settings(bigquery);
    var session = settings.createReadSessionSettings();
    session.setRetrySettings(session.getRetrySettings().toBuilder()
        .setTotalTimeoutDuration(READ_RETRY_TIMEOUT)
        .setMaxRetryDelayDuration(Duration.ofSeconds(2))
        .build());
    return BigQueryReadClient.create(settings.build());
  }

  public static TableId filesTable(TableId runsTable) {
    return new TableId(runsTable.project(), runsTable.dataset(), runsTable.table() + "_files");
  }

  /**
   * The Write API client every writer of this ledger shares: the service's User-Agent on each call;
   * plaintext without credentials for a local endpoint.
   */
  static BigQueryWriteClient writeClient(BigQueryConfig bigquery) throws IOException {
    var settings = BigQueryWriteSettings.newBuilder()
        .setHeaderProvider(FixedHeaderProvider.create("user-agent", AppVersion.userAgent()));
    bigquery.endpoint().ifPresent(settings::setEndpoint);
    if (bigquery.plaintext()) {
      settings
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setTransportChannelProvider(BigQueryWriteSettings.defaultGrpcTransportProviderBuilder()
              .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
              .build());
    }
    return BigQueryWriteClient.create(settings.build());
  }

  /** A default-stream writer with a fixed proto schema, on {@code client}. */
  static StreamWriter writer(TableId table, Descriptors.Descriptor descriptor, BigQueryWriteClient client)
      throws IOException {
    String stream = StreamWriter.getDefaultStreamName(TableName.of(table.project(), table.dataset(), table.table()));
    ProtoSchema schema = ProtoSchemaConverter.convert(descriptor);
    return StreamWriter.newBuilder(stream, client).setWriterSchema(schema).setTraceId(AppVersion.writeTraceId())
        .build();
  }

  @Override
  public void runStarted(LedgerEntry run) throws IOException {
    appendRun(run);
  }

  @Override
  public void fileRecorded(FileRecord file) throws IOException {
    append(files, LedgerRows.row(file));
  }

  @Override
  public void runFinished(LedgerEntry run) throws IOException {
    appendRun(run);
  }

  /**
   * A table created before the {@code trigger_ids} column refuses rows that carry it: such a table
   * keeps getting its history, without trigger ids (so redeliveries are recognised only while this
   * process remembers them), and the log says which column to add.
   */
  private void appendRun(LedgerEntry run) throws IOException {
    try {
      append(runs, LedgerRows.row(run, runRow));
    } catch (IOException e) {
      if (runRow != LedgerRows.RUN || runsTable == null || !String.valueOf(e.getMessage()).contains("trigger_ids")) {
        throw e;
      }
      LOG.warn("the history table {} has no trigger_ids column: writing runs without it; redelivered Pub/Sub"
          + " messages are recognised only once it exists (ALTER TABLE ... ADD COLUMN trigger_ids ARRAY<STRING>,"
          + " see docs/history-and-retry.md)", runsTable);
      StreamWriter old = runs;
      runs = writer(runsTable, LedgerRows.RUN_WITHOUT_TRIGGER_IDS, writeClient);
      runRow = LedgerRows.RUN_WITHOUT_TRIGGER_IDS;
      old.close();
      append(runs, LedgerRows.row(run, runRow));
    }
  }

  @Override
  public Optional<LedgerEntry> latestRun(String exportName, LocalDate runDate) throws IOException {
    return LedgerHistory.latestRun(reader.runs(exportName), exportName, runDate);
  }

  @Override
  public List<LedgerEntry> runEvents(String exportName) throws IOException {
    return reader.runs(exportName);
  }

  @Override
  public List<FileRecord> files(String runId) throws IOException {
    return LedgerHistory.files(reader.files(runId), runId);
  }

  @Override
  public ExportHistory history(String exportName) throws IOException {
    return LedgerHistory.history(reader.runs(exportName), reader.filesOfExport(exportName), exportName);
  }

  private static void append(StreamWriter writer, Message row) throws IOException {
    ProtoRows rows = ProtoRows.newBuilder().addSerializedRows(row.toByteString()).build();
    try {
      writer.append(rows).get(APPEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted writing the ledger", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException("BigQuery ledger append to " + writer.getStreamName() + " failed: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IOException("BigQuery ledger append to " + writer.getStreamName() + " timed out", e);
    }
  }

  @Override
  public void close() {
    runs.close();
    files.close();
    readClient.close();
    if (writeClient != null) {
      writeClient.close();
    }
  }
}
