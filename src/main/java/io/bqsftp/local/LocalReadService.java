package io.bqsftp.local;

import com.google.cloud.bigquery.storage.v1.ArrowSchema;
import com.google.cloud.bigquery.storage.v1.BigQueryReadGrpc;
import com.google.cloud.bigquery.storage.v1.CreateReadSessionRequest;
import com.google.cloud.bigquery.storage.v1.DataFormat;
import com.google.cloud.bigquery.storage.v1.ReadRowsRequest;
import com.google.cloud.bigquery.storage.v1.ReadRowsResponse;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import com.google.cloud.bigquery.storage.v1.ReadStream;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The BigQuery Storage Read API v1 over the registered {@link LocalTable}s. */
final class LocalReadService extends BigQueryReadGrpc.BigQueryReadImplBase {
  private static final Pattern TABLE_PATH =
      Pattern.compile("projects/([^/]+)/datasets/([^/]+)/tables/([^/]+)");
  private static final Pattern PARENT = Pattern.compile("projects/([^/]+)");

  private final Map<String, LocalTable> tables;
  private final ServerOptions options;
  private final FaultInjector faults;
  private final BufferAllocator allocator;
  private final ScheduledExecutorService executor;
  private final Map<String, StreamPlan> streams = new ConcurrentHashMap<>();
  private final AtomicLong sessionIds = new AtomicLong();
  private final AtomicInteger readRowsCalls = new AtomicInteger();
  private final AtomicLong batchesSent = new AtomicLong();

  LocalReadService(Map<String, LocalTable> tables, ServerOptions options, FaultInjector faults,
      BufferAllocator allocator, ScheduledExecutorService executor) {
    this.tables = tables;
    this.options = options;
    this.faults = faults;
    this.allocator = allocator;
    this.executor = executor;
  }

  int readRowsCalls() {
    return readRowsCalls.get();
  }

  long batchesSent() {
    return batchesSent.get();
  }

  @Override
  public void createReadSession(CreateReadSessionRequest request, StreamObserver<ReadSession> response) {
    try {
      response.onNext(createSession(request));
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  private ReadSession createSession(CreateReadSessionRequest request) {
    ReadSession requested = request.getReadSession();
    Matcher path = TABLE_PATH.matcher(requested.getTable());
    if (!path.matches()) {
      throw new IllegalArgumentException(
          "read_session.table must be projects/P/datasets/D/tables/T, got '" + requested.getTable() + "'");
    }
    String tableSpec = path.group(1) + "." + path.group(2) + "." + path.group(3);
    LocalTable table = tables.get(tableSpec);
    if (table == null) {
      throw Status.NOT_FOUND.withDescription("Not found: Table " + tableSpec
          + " (" + requested.getTable() + ") is not served by this local BigQuery server; tables: "
          + tables.keySet()).asRuntimeException();
    }
    if (requested.getDataFormat() != DataFormat.ARROW) {
      throw new IllegalArgumentException(
          "the local BigQuery server only serves data_format ARROW, not " + requested.getDataFormat());
    }
    if (request.getMaxStreamCount() < 0) {
      throw new IllegalArgumentException("max_stream_count must be >= 0");
    }
    Schema schema = table.schema();
    Schema readSchema = select(schema, requested.getReadOptions().getSelectedFieldsList());
    RowRestriction restriction =
        RowRestriction.parse(requested.getReadOptions().getRowRestriction()).resolve(schema);
    String partitionColumn = options.partitionFilters.get(tableSpec);
    if (partitionColumn != null && restriction.columns().stream().noneMatch(partitionColumn::equalsIgnoreCase)) {
      throw new IllegalArgumentException("Cannot query over table '" + tableSpec + "' without a filter over column(s) '"
          + partitionColumn + "' that can be used for partition elimination");
    }
    Schema workSchema = withColumns(schema, readSchema, restriction.columns());

    Matcher parent = PARENT.matcher(request.getParent());
    String project = parent.matches() ? parent.group(1) : path.group(1);
    String sessionName = "projects/" + project + "/locations/local/sessions/session-" + sessionIds.incrementAndGet();

    long rows = table.rowCount();
    int streamCount = streamCount(request.getMaxStreamCount(), rows);
    ReadSession.Builder session = ReadSession.newBuilder()
        .setName(sessionName)
        .setExpireTime(Timestamp.newBuilder().setSeconds(Instant.now().plusSeconds(6 * 3600).getEpochSecond()))
        .setDataFormat(DataFormat.ARROW)
        .setArrowSchema(ArrowSchema.newBuilder().setSerializedSchema(ArrowIpc.schemaMessage(readSchema)))
        .setTable(requested.getTable())
        .setReadOptions(requested.getReadOptions())
        // Like BigQuery's, an estimate from table metadata: it ignores the row restriction.
        .setEstimatedRowCount(rows);
    for (int i = 0; i < streamCount; i++) {
      String name = sessionName + "/streams/" + i;
      long start = rows * i / streamCount;
      long end = rows * (i + 1) / streamCount;
      streams.put(name, new StreamPlan(name, table, readSchema, workSchema, restriction, start, end));
      session.addStreams(ReadStream.newBuilder().setName(name));
    }
    return session.build();
  }

  /** min(requested (0: server's choice), configured max, rows), at least 1. */
  private int streamCount(int requested, long rows) {
    int wanted = requested == 0 ? LocalBigQueryServer.DEFAULT_SESSION_STREAMS : requested;
    long count = Math.min(Math.min(wanted, options.maxStreams), rows);
    return (int) Math.max(1, count);
  }

  private static Schema select(Schema schema, List<String> selected) {
    if (selected.isEmpty()) {
      return schema;
    }
    Set<String> wanted = new HashSet<>();
    for (String name : selected) {
      if (field(schema, name) == null) {
        throw new IllegalArgumentException("selected_fields names unknown field '" + name + "'");
      }
      wanted.add(field(schema, name).getName());
    }
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      if (wanted.contains(field.getName())) {
        fields.add(field);
      }
    }
    return new Schema(fields);
  }

  /** The read schema plus extra columns, kept in table order. */
  private static Schema withColumns(Schema schema, Schema readSchema, Set<String> extra) {
    Set<String> names = new LinkedHashSet<>();
    readSchema.getFields().forEach(f -> names.add(f.getName()));
    if (names.containsAll(extra)) {
      return readSchema;
    }
    names.addAll(extra);
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      if (names.contains(field.getName())) {
        fields.add(field);
      }
    }
    return new Schema(fields);
  }

  private static Field field(Schema schema, String name) {
    for (Field field : schema.getFields()) {
      if (field.getName().equalsIgnoreCase(name)) {
        return field;
      }
    }
    return null;
  }

  @Override
  public void readRows(ReadRowsRequest request, StreamObserver<ReadRowsResponse> response) {
    readRowsCalls.incrementAndGet();
    StreamPlan plan = streams.get(request.getReadStream());
    if (plan == null) {
      response.onError(Status.NOT_FOUND
          .withDescription("read stream '" + request.getReadStream() + "' is unknown to this local server")
          .asRuntimeException());
      return;
    }
    if (request.getOffset() < 0) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("offset must be >= 0").asRuntimeException());
      return;
    }
    StreamCursor cursor;
    try {
      cursor = new StreamCursor(plan, request.getOffset(),
          allocator.newChildAllocator(plan.name(), 0, Long.MAX_VALUE), options.cache);
    } catch (IllegalArgumentException e) {
      response.onError(Status.OUT_OF_RANGE.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    new ReadRowsStreamer((ServerCallStreamObserver<ReadRowsResponse>) response, cursor, plan,
        options, faults, executor, batchesSent::incrementAndGet).start();
  }

  // splitReadStream is left to the base class: UNIMPLEMENTED, which clients treat as "no split".
}
