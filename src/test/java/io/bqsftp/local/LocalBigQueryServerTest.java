package io.bqsftp.local;

import io.bqsftp.support.Poll;
import static io.bqsftp.local.ReadClients.sessionRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.BigQueryReadGrpc;
import com.google.cloud.bigquery.storage.v1.DataFormat;
import com.google.cloud.bigquery.storage.v1.ReadRowsRequest;
import com.google.cloud.bigquery.storage.v1.ReadRowsResponse;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import com.google.cloud.bigquery.storage.v1.ReadStream;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the local server with the production {@link BigQueryReadClient}. */
class LocalBigQueryServerTest {
  private static final String TABLE = DemoTable.DEFAULT_TABLE;
  private static final int ROWS = 10_000;

  private LocalBigQueryServer server;
  private BigQueryReadClient client;

  @BeforeEach
  void start() throws Exception {
    server = LocalBigQueryServer.start(0);
    server.addTable(TABLE, DemoTable.generate(ROWS));
    server.setBatchRows(300);
    client = ReadClients.create(server);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    client.awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private ReadSession session(int maxStreams, String restriction, String... fields) {
    var request = sessionRequest(TABLE, maxStreams);
    var options = ReadSession.TableReadOptions.newBuilder().setRowRestriction(restriction);
    for (String field : fields) {
      options.addSelectedFields(field);
    }
    request.getReadSessionBuilder().setReadOptions(options);
    return client.createReadSession(request.build());
  }

  private List<Long> readAll(ReadSession session) {
    List<Long> ids = new ArrayList<>();
    try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
      for (ReadStream stream : session.getStreamsList()) {
        ids.addAll(decoder.readIds(client, stream.getName(), 0));
      }
    }
    return ids;
  }

  @Test
  void streamsCoverEveryRowExactlyOnceInManyBatches() {
    ReadSession session = session(4, "");
    assertThat(session.getStreamsCount()).isEqualTo(4);
    assertThat(session.getEstimatedRowCount()).isEqualTo(ROWS);
    assertThat(session.getDataFormat()).isEqualTo(DataFormat.ARROW);

    List<Long> ids = new ArrayList<>();
    try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
      assertThat(decoder.schema()).isEqualTo(DemoTable.generate(1).schema());
      for (ReadStream stream : session.getStreamsList()) {
        List<Long> streamIds = decoder.readIds(client, stream.getName(), 0);
        assertThat(streamIds).hasSizeBetween(ROWS / 4 - 1, ROWS / 4 + 1);
        ids.addAll(streamIds);
      }
      assertThat(decoder.responses).isGreaterThanOrEqualTo(ROWS / 300);
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(LongStream.range(0, ROWS).boxed().toList());
  }

  @Test
  void cachedBatchesServeReReadsWithoutGeneratingRowsAgain() {
    AtomicInteger fills = new AtomicInteger();
    DemoTable demo = DemoTable.generate(ROWS);
    server.addTable("test-project.demo.counted", new LocalTable() {
      @Override
      public List<BqField> columns() {
        return demo.columns();
      }

      @Override
      public long rowCount() {
        return demo.rowCount();
      }

      @Override
      public void fill(VectorSchemaRoot root, long from, int count) {
        fills.incrementAndGet();
        demo.fill(root, from, count);
      }
    });
    server.cacheBatches(512L << 20);
    var request = sessionRequest("test-project.demo.counted", 2);

    List<Long> first = readAll(client.createReadSession(request.build()));
    int fillsForFirstRead = fills.get();
    List<Long> second = readAll(client.createReadSession(request.build()));

    assertThat(fillsForFirstRead).isGreaterThan(1);
    assertThat(fills.get()).as("no row generated again").isEqualTo(fillsForFirstRead);
    assertThat(second).isEqualTo(first).hasSize((int) ROWS);
  }

  @Test
  void streamCountFollowsRequestAndLimits() {
    assertThat(session(0, "").getStreamsCount()).isEqualTo(LocalBigQueryServer.DEFAULT_SESSION_STREAMS);
    assertThat(session(1, "").getStreamsCount()).isEqualTo(1);
    server.setMaxStreams(3);
    assertThat(session(10, "").getStreamsCount()).isEqualTo(3);
  }

  @Test
  void everyValueArrivesAsTheTableHoldsIt() {
    ReadSession session = session(1, "");
    DemoTable table = DemoTable.generate(ROWS);
    long[] next = {0};
    try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema());
        var allocator = new RootAllocator();
        var expected = VectorSchemaRoot.create(table.schema(), allocator)) {
      decoder.read(client, session.getStreams(0).getName(), 0, batch -> {
        table.fill(expected, next[0], batch.getRowCount());
        assertThat(batch.equals(expected)).as("batch at row %d equals the table's rows", next[0]).isTrue();
        next[0] += batch.getRowCount();
      });
    }
    assertThat(next[0]).isEqualTo(ROWS);
  }

  @Test
  void offsetResumesInsideTheStream() {
    ReadSession session = session(2, "");
    String stream = session.getStreams(1).getName();
    try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
      List<Long> all = decoder.readIds(client, stream, 0);
      assertThat(decoder.readIds(client, stream, 1234)).isEqualTo(all.subList(1234, all.size()));
      assertThat(decoder.readIds(client, stream, all.size())).isEmpty();
    }
  }

  @Test
  void offsetBeyondTheStreamIsOutOfRange() {
    ReadSession session = session(2, "");
    try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
      assertThatThrownBy(() -> decoder.readIds(client, session.getStreams(0).getName(), ROWS))
          .isInstanceOfSatisfying(ApiException.class,
              e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.OUT_OF_RANGE));
    }
  }

  @Test
  void selectedFieldsKeepTableOrder() {
    ReadSession session = session(2, "", "event_ts", "ID", "address");
    try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
      assertThat(decoder.schema().getFields()).extracting(Field::getName).containsExactly("id", "event_ts", "address");
      List<Long> ids = new ArrayList<>();
      for (ReadStream stream : session.getStreamsList()) {
        decoder.read(client, stream.getName(), 0, batch -> {
          assertThat(batch.getSchema()).isEqualTo(decoder.schema());
          for (int i = 0; i < batch.getRowCount(); i++) {
            long id = (Long) batch.getVector("id").getObject(i);
            ids.add(id);
            var ts = (org.apache.arrow.vector.TimeStampMicroTZVector) batch.getVector("event_ts");
            Instant expected = DemoTable.eventTs(id);
            assertThat(ts.isNull(i) ? null : ts.get(i))
                .isEqualTo(expected == null ? null : ArrowValueWriter.micros(expected));
          }
        });
      }
      assertThat(ids).hasSize(ROWS);
    }
  }

  @Test
  void unknownSelectedFieldIsInvalidArgument() {
    assertThatThrownBy(() -> session(1, "", "id", "no_such_field"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
          assertThat(e).hasMessageContaining("no_such_field");
        });
  }

  @Test
  void dateRestrictionSelectsTheWindow() {
    ReadSession session = session(3,
        "event_date >= DATE '2024-03-01' AND `event_date` < DATE '2024-04-01'", "id");
    LocalDate from = LocalDate.of(2024, 3, 1);
    LocalDate to = LocalDate.of(2024, 4, 1);
    List<Long> expected = LongStream.range(0, ROWS)
        .filter(r -> !DemoTable.eventDate(r).isBefore(from) && DemoTable.eventDate(r).isBefore(to))
        .boxed().toList();
    assertThat(expected).isNotEmpty().hasSizeLessThan(ROWS / 5);
    assertThat(readAll(session)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void timestampRestrictionSkipsNullsAndHonoursOffset() {
    String restriction = "event_ts >= TIMESTAMP '2024-06-01 00:00:00 UTC'"
        + " AND event_ts < TIMESTAMP '2024-06-15 12:00:00.5+00:00'";
    Instant from = Instant.parse("2024-06-01T00:00:00Z");
    Instant to = Instant.parse("2024-06-15T12:00:00.500Z");
    List<Long> expected = LongStream.range(0, ROWS).filter(r -> {
      Instant ts = DemoTable.eventTs(r);
      return ts != null && !ts.isBefore(from) && ts.isBefore(to);
    }).boxed().toList();
    assertThat(expected).isNotEmpty();

    ReadSession session = session(1, restriction, "id");
    assertThat(readAll(session)).isEqualTo(expected);
    try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
      assertThat(decoder.readIds(client, session.getStreams(0).getName(), 7))
          .isEqualTo(expected.subList(7, expected.size()));
    }
  }

  @Test
  void unsupportedRestrictionIsInvalidArgument() {
    assertThatThrownBy(() -> session(1, "event_date BETWEEN DATE '2024-01-01' AND DATE '2024-02-01'"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
          assertThat(e).hasMessageContaining("unsupported row_restriction");
        });
    assertThatThrownBy(() -> session(1, "missing_col >= DATE '2024-01-01'"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
          assertThat(e).hasMessageContaining("missing_col");
        });
    assertThatThrownBy(() -> session(1, "event_ts >= DATE '2024-01-01'"))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
  }

  @Test
  void unknownTableIsNotFound() {
    assertThatThrownBy(() -> client.createReadSession(sessionRequest("demo-project.demo_dataset.nope", 1).build()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.NOT_FOUND);
          assertThat(e).hasMessageContaining("demo-project.demo_dataset.nope");
        });
  }

  @Test
  void onlyArrowIsServed() {
    var request = sessionRequest(TABLE, 1);
    request.getReadSessionBuilder().setDataFormat(DataFormat.AVRO);
    assertThatThrownBy(() -> client.createReadSession(request.build()))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
  }

  @Test
  void unavailableMidStreamIsRetriedAndRowsArriveExactlyOnce() {
    ReadSession session = session(2, "");
    server.failReadRowsAfter(1000, Status.UNAVAILABLE.withDescription("injected"));
    List<Long> ids = readAll(session);
    assertThat(ids).hasSize(ROWS).doesNotHaveDuplicates();
    assertThat(ids).containsExactlyInAnyOrderElementsOf(LongStream.range(0, ROWS).boxed().toList());
    assertThat(server.readRowsCalls()).isEqualTo(4); // each stream failed once and was resumed once
  }

  @Test
  void unavailableInRestrictedStreamResumesAtTheRightRow() {
    String restriction = "event_date >= DATE '2024-02-01' AND event_date <= DATE '2024-09-30'";
    ReadSession reference = session(1, restriction, "id");
    List<Long> expected = readAll(reference);
    server.failReadRowsAfter(555, Status.UNAVAILABLE);
    assertThat(readAll(session(1, restriction, "id"))).isEqualTo(expected);
  }

  @Test
  void nonRetryableFailureSurfaces() {
    ReadSession session = session(1, "");
    server.failReadRowsAfter(500, Status.FAILED_PRECONDITION.withDescription("injected failure"));
    List<Long> ids = new ArrayList<>();
    try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
      assertThatThrownBy(() -> ids.addAll(decoder.readIds(client, session.getStreams(0).getName(), 0)))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.FAILED_PRECONDITION);
            assertThat(e).hasMessageContaining("injected failure");
          });
    }
    assertThat(server.readRowsCalls()).isEqualTo(1);
  }

  @Test
  void unknownStreamIsNotFound() {
    try (var decoder = new ArrowTestDecoder(session(1, "").getArrowSchema().getSerializedSchema())) {
      assertThatThrownBy(() -> decoder.readIds(client, "projects/p/locations/local/sessions/x/streams/0", 0))
          .isInstanceOfSatisfying(ApiException.class,
              e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.NOT_FOUND));
    }
  }

  @Test
  void slowClientDoesNotMakeTheServerBufferTheTable() throws Exception {
    server.addTable("demo-project.demo_dataset.big", DemoTable.generate(2_000_000));
    server.setBatchRows(1000);
    ReadSession session = client.createReadSession(sessionRequest("demo-project.demo_dataset.big", 1).build());
    ManagedChannel channel = ManagedChannelBuilder.forTarget(server.endpoint()).usePlaintext().build();
    AtomicInteger received = new AtomicInteger();
    try {
      var request = ReadRowsRequest.newBuilder().setReadStream(session.getStreams(0).getName()).build();
      List<ClientCallStreamObserver<ReadRowsRequest>> call = new ArrayList<>();
      BigQueryReadGrpc.newStub(channel).readRows(request, new ClientResponseObserver<ReadRowsRequest, ReadRowsResponse>() {
        @Override
        public void beforeStart(ClientCallStreamObserver<ReadRowsRequest> requestStream) {
          requestStream.disableAutoRequestWithInitial(1); // take one response, then stall
          call.add(requestStream);
        }

        @Override
        public void onNext(ReadRowsResponse value) {
          received.incrementAndGet();
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      });
      Poll.until("the first response", java.time.Duration.ofSeconds(10), () -> received.get() > 0);
      // Part of the scenario: give an unthrottled server time to send on, then check it did not.
      Thread.sleep(1000);
      long sent = server.batchesSent();
      Thread.sleep(500);
      assertThat(received.get()).isEqualTo(1);
      assertThat(server.batchesSent()).isEqualTo(sent).isLessThan(100); // 2000 batches in the stream
      call.get(0).cancel("done", null);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void readDelaySlowsEachBatch() {
    server.setBatchRows(2500);
    server.setReadDelay(java.time.Duration.ofMillis(100));
    ReadSession session = session(1, "", "id");
    long start = System.nanoTime();
    assertThat(readAll(session)).hasSize(ROWS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
  }
}
