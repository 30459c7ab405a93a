package io.bqsftp.bigquery;

import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.ServerStream;
import com.google.cloud.bigquery.storage.v1.ArrowSerializationOptions;
import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.CreateReadSessionRequest;
import com.google.cloud.bigquery.storage.v1.DataFormat;
import com.google.cloud.bigquery.storage.v1.ReadRowsRequest;
import com.google.cloud.bigquery.storage.v1.ReadRowsResponse;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import io.bqsftp.config.TableId;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Opens read sessions and streams their rows as Arrow batches through the Storage Read API. */
public final class TableReader {
  private final BigQueryReadClient client;
  private final Optional<String> billingProject;

  public TableReader(BigQueryReadClient client, Optional<String> billingProject) {
    this.client = client;
    this.billingProject = billingProject;
  }

  /**
   * Finds the date column's type (and its name as the table spells it) from the schema of a
   * one-column session restricted to the window, so that tables with {@code
   * require_partition_filter} accept it: the window is written with untyped string literals, which
   * BigQuery coerces to the column's type (sessions cost nothing; no rows are read).
   */
  public DateColumn probeDateColumn(TableId table, String column, DateWindow window) throws IOException {
    ReadSession session = create(table, List.of(column), Optional.of(window.untypedRestriction(column)), 1);
    return dateColumn(schemaOf(session), column);
  }

  /**
   * Finds the date column's type from an unrestricted one-column session. Tables with {@code
   * require_partition_filter} refuse it: prefer {@link #probeDateColumn(TableId, String, DateWindow)}.
   */
  public DateColumnType probeDateColumn(TableId table, String column) throws IOException {
    ReadSession session = create(table, List.of(column), Optional.empty(), 1);
    return dateColumn(schemaOf(session), column).type();
  }

  /** The column in {@code schema}, matched case-insensitively as BigQuery matches names. */
  static DateColumn dateColumn(Schema schema, String column) {
    Field exact = null;
    Field other = null;
    for (Field field : schema.getFields()) {
      if (field.getName().equals(column)) {
        exact = field;
      } else if (field.getName().equalsIgnoreCase(column)) {
        other = field;
      }
    }
    Field field = exact != null ? exact : other;
    if (field == null) {
      throw new IllegalArgumentException("date_column " + column + " is not a column of the table (it has "
          + schema.getFields().stream().map(Field::getName).toList() + ")");
    }
    return new DateColumn(field.getName(), DateColumnType.of(field));
  }

  /** A session over every column, with an optional row restriction, split over up to maxStreams. */
  public ReadSession createSession(TableId table, Optional<String> rowRestriction, int maxStreams) {
    return create(table, List.of(), rowRestriction, maxStreams);
  }

  /**
   * A session over the given top-level columns (empty: every column). BigQuery returns them in
   * table order whatever the order asked for.
   */
  public ReadSession createSession(
      TableId table, List<String> columns, Optional<String> rowRestriction, int maxStreams) {
    return create(table, columns, rowRestriction, maxStreams);
  }

  public static Schema schemaOf(ReadSession session) throws IOException {
    return ArrowBatchDecoder.readSchema(session.getArrowSchema().getSerializedSchema());
  }

  private ReadSession create(
      TableId table, List<String> fields, Optional<String> rowRestriction, int maxStreams) {
    var options =
        ReadSession.TableReadOptions.newBuilder()
            .addAllSelectedFields(fields)
            // Never ask for LZ4: Arrow's pure-Java codec decodes at ~13 MB/s.
            .setArrowSerializationOptions(
                ArrowSerializationOptions.newBuilder()
                    .setBufferCompression(ArrowSerializationOptions.CompressionCodec.COMPRESSION_UNSPECIFIED));
    rowRestriction.ifPresent(options::setRowRestriction);
    var request =
        CreateReadSessionRequest.newBuilder()
            .setParent("projects/" + billingProject.orElse(table.project()))
            .setMaxStreamCount(maxStreams)
            .setReadSession(
                ReadSession.newBuilder()
                    .setTable(table.resourceName())
                    .setDataFormat(DataFormat.ARROW)
                    .setReadOptions(options))
            .build();
    return client.createReadSession(request);
  }

  /**
   * Starts reading one stream, delivering responses to {@code observer} on gRPC's threads. The
   * client's retrying callable sits below the observer: UNAVAILABLE is retried and the read resumes
   * at the offset of the rows already delivered, as with the blocking {@link #readStream}. An observer
   * that disables automatic inbound flow control in {@code onStart} receives only what it requested.
   */
  public void readRows(String streamName, ResponseObserver<ReadRowsResponse> observer) {
    client.readRowsCallable().call(ReadRowsRequest.newBuilder().setReadStream(streamName).build(), observer);
  }

  /**
   * Reads one stream to its end. The iterator holds one response at a time, so a slow consumer
   * slows the server instead of filling memory. The client itself retries UNAVAILABLE and resumes
   * at the right offset.
   */
  public long readStream(
      String streamName, Schema schema, BufferAllocator allocator, ArrowBatchDecoder.BatchConsumer consumer)
      throws Exception {
    return readStream(streamName, schema, allocator, consumer, bytes -> {});
  }

  /** As above, telling {@code bytesRead} the serialized size of each Arrow batch (for metrics). */
  public long readStream(
      String streamName, Schema schema, BufferAllocator allocator, ArrowBatchDecoder.BatchConsumer consumer,
      LongConsumer bytesRead) throws Exception {
    long rows = 0;
    ServerStream<ReadRowsResponse> stream =
        client.readRowsCallable().call(ReadRowsRequest.newBuilder().setReadStream(streamName).build());
    try (var decoder = new ArrowBatchDecoder(schema, allocator)) {
      for (ReadRowsResponse response : stream) {
        if (response.hasArrowRecordBatch()) {
          var batch = response.getArrowRecordBatch().getSerializedRecordBatch();
          bytesRead.accept(batch.size());
          decoder.decode(batch, consumer);
          rows += response.getRowCount();
        }
        if (Thread.currentThread().isInterrupted()) {
          stream.cancel();
          throw new InterruptedException("read of " + streamName + " cancelled");
        }
      }
    } catch (Exception e) {
      stream.cancel();
      throw e;
    }
    return rows;
  }
}
