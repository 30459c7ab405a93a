package io.bqsftp.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import io.bqsftp.bigquery.ReadClientFactory;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.bus.BusMessages;
import io.bqsftp.bus.FailureReply;
import io.bqsftp.config.BigQueryConfig;
import io.bqsftp.config.TableId;
import io.bqsftp.csv.ArrowCsvEncoder;
import io.bqsftp.csv.CsvFormat;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.LocalBigQueryServer;
import io.bqsftp.ops.LogContext;
import io.grpc.Status;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/**
 * The reader verticle alone against the local BigQuery Read API server, through the production
 * client: the text it sends is what the blocking ReadRows path encodes, chunks go by credits, and a
 * slow consumer holds back ReadRows itself.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ReaderVerticleTest {
  private static final TableId TABLE = TableId.parse(DemoTable.DEFAULT_TABLE);
  private static final CsvFormat FORMAT = new CsvFormat(',', false);
  private static final int WINDOW = 2;

  LocalBigQueryServer server;
  BigQueryReadClient client;
  TableReader reader;
  RootAllocator allocator;

  @BeforeEach
  void start() throws Exception {
    server = LocalBigQueryServer.start(0);
    client = ReadClientFactory.create(new BigQueryConfig(Optional.of(server.endpoint()), Optional.empty(), 4, true));
    reader = new TableReader(client, Optional.empty());
    allocator = new RootAllocator();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    allocator.close();
  }

  /** What a consumer at one chunk address received, and how far it let the reader get ahead. */
  static final class Received {
    final ByteArrayOutputStream text = new ByteArrayOutputStream();
    final List<String> runIds = new ArrayList<>();
    final ArrayDeque<Message<Chunk>> held = new ArrayDeque<>();
    long rows;
    int chunks;
    int outstanding;
    int maxOutstanding;

    void take(Message<Chunk> message) {
      Chunk chunk = message.body();
      text.write(chunk.bytes(), 0, chunk.length());
      rows += chunk.rows();
      chunks++;
      runIds.add(MDC.get(LogContext.RUN_ID));
      outstanding++;
      maxOutstanding = Math.max(maxOutstanding, outstanding);
    }

    void reply(Message<Chunk> message) {
      outstanding--;
      message.reply(null);
    }
  }

  @Test
  void severalStreamsOfManyBatchesGiveTheBlockingPathsRowsAndCsv(Vertx vertx, VertxTestContext test) throws Exception {
    server.addTable(DemoTable.DEFAULT_TABLE, DemoTable.generate(12_000));
    server.setBatchRows(500); // 24 responses in all, several per stream
    ReadSession session = reader.createSession(TABLE, Optional.empty(), 3);
    assertThat(session.getStreamsCount()).isEqualTo(3);
    Schema schema = TableReader.schemaOf(session);
    List<byte[]> expected = blockingCsv(session, schema);

    List<Received> received = new ArrayList<>();
    List<Future<Long>> reads = new ArrayList<>();
    var cancellation = new ReadCancellation();
    deployReaders(vertx, 2).onComplete(test.succeeding(id -> {
      for (int i = 0; i < session.getStreamsCount(); i++) {
        var got = new Received();
        received.add(got);
        String address = "test.chunks." + i;
        vertx.eventBus().<Chunk>consumer(address, m -> BusMessages.inContext(m, () -> {
          got.take(m);
          got.reply(m);
        }));
        reads.add(read(vertx, order(session, i, schema, address, new AtomicLong(), cancellation), "run-" + i));
      }
      Future.all(reads).onComplete(test.succeeding(all -> test.verify(() -> {
        long total = 0;
        for (int i = 0; i < reads.size(); i++) {
          Received got = received.get(i);
          assertThat(got.text.toByteArray()).isEqualTo(expected.get(i));
          assertThat(reads.get(i).result()).isEqualTo(got.rows);
          assertThat(got.maxOutstanding).isLessThanOrEqualTo(WINDOW);
          assertThat(got.runIds).containsOnly("run-" + i); // the order's log context rode along
          total += got.rows;
        }
        assertThat(total).isEqualTo(12_000);
        test.completeNow();
      })));
    }));
  }

  @Test
  void aReadRowsStreamFailingUnavailableMidwayIsResumedWithoutLosingOrRepeatingRows(Vertx vertx,
      VertxTestContext test) throws Exception {
    server.addTable(DemoTable.DEFAULT_TABLE, DemoTable.generate(8_000));
    server.setBatchRows(300);
    ReadSession session = reader.createSession(TABLE, Optional.empty(), 1);
    Schema schema = TableReader.schemaOf(session);
    byte[] expected = blockingCsv(session, schema).get(0);
    int callsBefore = server.readRowsCalls();
    server.failReadRowsAfter(4_100, Status.UNAVAILABLE);

    var got = new Received();
    deployReaders(vertx, 1).onComplete(test.succeeding(id -> {
      vertx.eventBus().<Chunk>consumer("test.chunks", m -> {
        got.take(m);
        got.reply(m);
      });
      read(vertx, order(session, 0, schema, "test.chunks", new AtomicLong(), new ReadCancellation()), "run-u")
          .onComplete(test.succeeding(rows -> test.verify(() -> {
            assertThat(server.readRowsCalls() - callsBefore).isEqualTo(2); // the first call, one resume
            assertThat(rows).isEqualTo(8_000);
            assertThat(got.text.toByteArray()).isEqualTo(expected);
            test.completeNow();
          })));
    }));
  }

  /**
   * A consumer that holds its chunks: the reader stops at the window, stops asking gRPC for
   * responses (the server stops sending once the transport's buffer is full), and nothing is lost
   * once the consumer takes chunks again, slowly.
   */
  @Test
  void aSlowConsumerHoldsTheReaderToTheWindowAndReadRowsToOneResponse(Vertx vertx, VertxTestContext test)
      throws Exception {
    int rows = 60_000;
    int batchRows = 100; // 600 responses of one chunk each
    server.addTable(DemoTable.DEFAULT_TABLE, DemoTable.generate(rows));
    server.setBatchRows(batchRows);
    ReadSession session = reader.createSession(TABLE, Optional.empty(), 1);
    Schema schema = TableReader.schemaOf(session);
    byte[] expected = blockingCsv(session, schema).get(0);
    long sentBefore = server.batchesSent();

    var got = new Received();
    AtomicLong delivered = new AtomicLong(); // responses gRPC handed to the reader
    List<Long> aheadOfReplies = new ArrayList<>();
    deployReaders(vertx, 1).onComplete(test.succeeding(id -> {
      vertx.eventBus().<Chunk>consumer("test.slow", m -> {
        got.take(m);
        got.held.add(m);
      });
      Future<Long> read = read(vertx, order(session, 0, schema, "test.slow", delivered, new ReadCancellation()), "run-s");
      // Hold everything for a second: the reader must stop at the window.
      vertx.setTimer(1_000, t -> {
        long sentWhileHeld = server.batchesSent() - sentBefore;
        test.verify(() -> {
          assertThat(got.chunks).isEqualTo(WINDOW);
          assertThat(delivered.get()).isEqualTo(WINDOW);
          // gRPC's transport buffers a little; without flow control all 600 would be sent.
          assertThat(sentWhileHeld).isLessThan(rows / batchRows / 2);
        });
        // Then take one chunk every 2 ms: never more than the window unanswered.
        vertx.setPeriodic(2, timer -> {
          Message<Chunk> next = got.held.poll();
          if (next != null) {
            got.reply(next);
            aheadOfReplies.add(delivered.get() - (got.chunks - got.outstanding));
          }
          if (read.isComplete()) {
            vertx.cancelTimer(timer);
          }
        });
      });
      read.onComplete(test.succeeding(total -> test.verify(() -> {
        assertThat(total).isEqualTo(rows);
        assertThat(got.rows).isEqualTo(rows);
        assertThat(got.text.toByteArray()).isEqualTo(expected);
        assertThat(got.maxOutstanding).isEqualTo(WINDOW);
        // Responses delivered never ran ahead of the chunks taken by more than the window.
        assertThat(aheadOfReplies).allSatisfy(ahead -> assertThat(ahead).isLessThanOrEqualTo(WINDOW));
        test.completeNow();
      })));
    }));
  }

  @Test
  void cancellingStopsTheCallAndFailsTheOrder(Vertx vertx, VertxTestContext test) throws Exception {
    server.addTable(DemoTable.DEFAULT_TABLE, DemoTable.generate(50_000));
    server.setBatchRows(100);
    ReadSession session = reader.createSession(TABLE, Optional.empty(), 1);
    Schema schema = TableReader.schemaOf(session);
    var cancellation = new ReadCancellation();
    var got = new Received();
    deployReaders(vertx, 1).onComplete(test.succeeding(id -> {
      vertx.eventBus().<Chunk>consumer("test.held", m -> {
        got.take(m);
        got.held.add(m); // never answered: the read waits for credit
      });
      Future<Long> read = read(vertx, order(session, 0, schema, "test.held", new AtomicLong(), cancellation), "run-c");
      vertx.setTimer(500, t -> {
        long sent = server.batchesSent();
        cancellation.cancel();
        read.onComplete(test.failing(e -> test.verify(() -> {
          assertThat(FailureReply.cause(e)).isInstanceOf(CancellationException.class);
          vertx.setTimer(300, t2 -> test.verify(() -> {
            assertThat(server.batchesSent()).isEqualTo(sent); // the server's call was cancelled
            test.completeNow();
          }));
        })));
      });
    }));
  }

  @Test
  void aChunkTheConsumerRefusesFailsTheReadWithTheConsumersException(Vertx vertx, VertxTestContext test)
      throws Exception {
    server.addTable(DemoTable.DEFAULT_TABLE, DemoTable.generate(5_000));
    server.setBatchRows(500);
    ReadSession session = reader.createSession(TABLE, Optional.empty(), 1);
    Schema schema = TableReader.schemaOf(session);
    var refusal = new java.io.IOException("disk full on the partner's side");
    deployReaders(vertx, 1).onComplete(test.succeeding(id -> {
      vertx.eventBus().<Chunk>consumer("test.refusing", m -> FailureReply.fail(m, refusal));
      read(vertx, order(session, 0, schema, "test.refusing", new AtomicLong(), new ReadCancellation()), "run-r")
          .onComplete(test.failing(e -> test.verify(() -> {
            assertThat(FailureReply.cause(e)).isSameAs(refusal);
            test.completeNow();
          })));
    }));
  }

  private Future<String> deployReaders(Vertx vertx, int instances) {
    return vertx.deployVerticle(() -> new ReaderVerticle(reader),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(instances));
  }

  private ReadOrder order(ReadSession session, int stream, Schema schema, String address, AtomicLong responses,
      ReadCancellation cancellation) {
    return new ReadOrder(session.getStreams(stream).getName(), schema, UnaryOperator.identity(),
        () -> new ArrowCsvEncoder(schema, FORMAT)::encode, allocator, address, 1 << 20, WINDOW, 30_000,
        bytes -> responses.incrementAndGet(), cancellation);
  }

  private static Future<Long> read(Vertx vertx, ReadOrder order, String runId) {
    try (LogContext ignored = LogContext.forRun("reader-test", runId)) {
      return vertx.eventBus().<Long>request(ReaderVerticle.ADDRESS, order, BusMessages.options(60_000))
          .map(Message::body);
    }
  }

  /** Each stream's CSV as the blocking ServerStream path encodes it. */
  private List<byte[]> blockingCsv(ReadSession session, Schema schema) throws Exception {
    List<byte[]> texts = new ArrayList<>();
    for (var stream : session.getStreamsList()) {
      var encoder = new ArrowCsvEncoder(schema, FORMAT);
      var out = new ByteArrayOutputStream();
      reader.readStream(stream.getName(), schema, allocator,
          batch -> encoder.encode(batch, 1 << 20, (bytes, length, rows) -> out.write(bytes, 0, length)));
      texts.add(out.toByteArray());
    }
    return texts;
  }
}
