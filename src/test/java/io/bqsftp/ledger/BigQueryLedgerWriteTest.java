package io.bqsftp.ledger;

import io.bqsftp.contract.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.storage.v1.AppendRowsRequest;
import com.google.cloud.bigquery.storage.v1.AppendRowsResponse;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteGrpc;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.bqsftp.config.BigQueryConfig;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery ledger's writes, through the real Storage Write API client ({@code StreamWriter})
 * against an in-process gRPC fake of {@code BigQueryWrite}: the fake decodes every row with the
 * writer schema it receives, as BigQuery does, and the test asserts the decoded rows. The query
 * side (Storage Read API with a row restriction on export_name) is not covered here: the local
 * BigQuery server's restriction grammar only knows date comparisons; the folding logic it shares
 * with the file ledger is tested in FileLedgerTest.
 */
class BigQueryLedgerWriteTest {
  static final Instant T0 = Instant.parse("2025-03-17T06:00:00.123456Z");

  /** Rows received per stream name, decoded. */
  static final class FakeWrite extends BigQueryWriteGrpc.BigQueryWriteImplBase {
    final List<Map.Entry<String, DynamicMessage>> rows = new CopyOnWriteArrayList<>();
    final List<String> traceIds = new CopyOnWriteArrayList<>();
    volatile boolean fail;
    /** A table created before trigger_ids: rows whose writer schema has it are refused, as BigQuery does. */
    volatile boolean withoutTriggerIds;

    @Override
    public StreamObserver<AppendRowsRequest> appendRows(StreamObserver<AppendRowsResponse> responses) {
      return new StreamObserver<>() {
        String stream;
        Descriptors.Descriptor descriptor;

        @Override
        public void onNext(AppendRowsRequest request) {
          if (!request.getWriteStream().isEmpty()) {
            stream = request.getWriteStream();
          }
          if (!request.getTraceId().isEmpty()) {
            traceIds.add(request.getTraceId());
          }
          if (fail) {
            responses.onNext(AppendRowsResponse.newBuilder()
                .setError(com.google.rpc.Status.newBuilder().setCode(Status.Code.PERMISSION_DENIED.value())
                    .setMessage("no write access (fake)"))
                .build());
            return;
          }
          try {
            if (request.getProtoRows().hasWriterSchema()) {
              var proto = request.getProtoRows().getWriterSchema().getProtoDescriptor();
              if (withoutTriggerIds && proto.getFieldList().stream().anyMatch(f -> f.getName().equals("trigger_ids"))) {
                responses.onError(Status.INVALID_ARGUMENT.withDescription(
                    "Input schema has more fields than BigQuery schema, extra fields: 'trigger_ids'").asRuntimeException());
                return;
              }
              var file = FileDescriptorProto.newBuilder().setName("w.proto").addMessageType(proto).build();
              descriptor = Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                  .findMessageTypeByName(proto.getName());
            }
            for (var bytes : request.getProtoRows().getRows().getSerializedRowsList()) {
              rows.add(Map.entry(stream, DynamicMessage.parseFrom(descriptor, bytes)));
            }
            responses.onNext(AppendRowsResponse.newBuilder()
                .setAppendResult(AppendRowsResponse.AppendResult.getDefaultInstance())
                .setWriteStream(stream)
                .build());
          } catch (Exception e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.toString()).asRuntimeException());
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          responses.onCompleted();
        }
      };
    }

    List<DynamicMessage> rowsOf(String stream) {
      return rows.stream().filter(e -> e.getKey().equals(stream)).map(Map.Entry::getValue).collect(Collectors.toList());
    }
  }

  final FakeWrite fake = new FakeWrite();
  Server server;
  BigQueryLedger ledger;

  @AfterEach
  void stop() {
    if (ledger != null) {
      ledger.close();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  BigQueryLedger start() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(fake).build().start();
    var config = new BigQueryConfig(Optional.of("127.0.0.1:" + server.getPort()), Optional.empty(), 1, true);
    return BigQueryLedger.create("proj.ops.export_metadata", config);
  }

  static Object field(DynamicMessage row, String name) {
    var field = row.getDescriptorForType().findFieldByName(name);
    return row.hasField(field) ? row.getField(field) : null;
  }

  @Test
  void runAndFileEventsArriveAsRowsOnTheDefaultStreams() throws Exception {
    ledger = start();
    var started = new LedgerEntry("sales-20250317-1a2b3c4d", "sales", LocalDate.of(2025, 3, 17), "proj.ds.sales",
        "sftp://sftp.example.com/uploads", RunStatus.RUNNING, 0, T0, Optional.empty(), Optional.empty(),
        Optional.empty(), LedgerEntry.STARTED, T0);
    ledger.runStarted(started);
    ledger.fileRecorded(new FileRecord(started.runId(), "sales", started.runDate(), "sales_20250317-000000000000.csv.gz",
        1000, 4096, "ab".repeat(32), FileState.STAGED, Optional.of("gs://b/sales/20250317/sales_20250317-000000000000.csv.gz"),
        Optional.of("upload failed after 3 attempt(s): refused"), T0.plusSeconds(5)));
    ledger.runFinished(started.next(LedgerEntry.FINISHED, RunStatus.FAILED, 0, T0.plusSeconds(6),
        Optional.of("1 of 1 file(s) did not land"), Optional.of(1)));

    // StreamWriter.getDefaultStreamName's form, which the service accepts as the default stream.
    String runsStream = "projects/proj/datasets/ops/tables/export_metadata/_default";
    String filesStream = "projects/proj/datasets/ops/tables/export_metadata_files/_default";
    List<DynamicMessage> runs = fake.rowsOf(runsStream);
    assertThat(fake.traceIds).isNotEmpty().allSatisfy(id -> assertThat(id).contains("bq-sftp-export:"));
    assertThat(runs).as(fake.rows.stream().map(Map.Entry::getKey).distinct().toList().toString()).hasSize(2);
    DynamicMessage first = runs.get(0);
    assertThat(field(first, "export_id")).isEqualTo("sales-20250317-1a2b3c4d");
    assertThat(field(first, "export_name")).isEqualTo("sales");
    assertThat(field(first, "source_table")).isEqualTo("proj.ds.sales");
    assertThat(field(first, "destination_uri")).isEqualTo("sftp://sftp.example.com/uploads");
    assertThat(field(first, "status")).isEqualTo("running");
    assertThat(field(first, "run_date")).isEqualTo((int) LocalDate.of(2025, 3, 17).toEpochDay());
    assertThat(field(first, "started_at")).isEqualTo(1742191200123456L);
    assertThat(field(first, "completed_at")).isNull();
    assertThat(field(first, "error_message")).isNull();
    assertThat(field(first, "event")).isEqualTo("started");
    DynamicMessage last = runs.get(1);
    assertThat(field(last, "status")).isEqualTo("failed");
    assertThat(field(last, "completed_at")).isEqualTo(1742191206123456L);
    assertThat(field(last, "error_message")).isEqualTo("1 of 1 file(s) did not land");
    assertThat(field(last, "file_count")).isEqualTo(1L);
    assertThat(field(last, "event")).isEqualTo("finished");

    List<DynamicMessage> files = fake.rowsOf(filesStream);
    assertThat(files).singleElement().satisfies(f -> {
      assertThat(field(f, "export_id")).isEqualTo("sales-20250317-1a2b3c4d");
      assertThat(field(f, "file_name")).isEqualTo("sales_20250317-000000000000.csv.gz");
      assertThat(field(f, "rows")).isEqualTo(1000L);
      assertThat(field(f, "bytes")).isEqualTo(4096L);
      assertThat(field(f, "sha256")).isEqualTo("ab".repeat(32));
      assertThat(field(f, "status")).isEqualTo("staged");
      assertThat(field(f, "staged_uri")).isEqualTo("gs://b/sales/20250317/sales_20250317-000000000000.csv.gz");
    });
  }

  @Test
  void triggerIdsAreWrittenAndATableWithoutTheColumnStillGetsItsHistory() throws Exception {
    ledger = start();
    var run = new LedgerEntry("r1", "sales", LocalDate.of(2025, 3, 17), "p.d.t", "sftp://h/d", RunStatus.RUNNING, 0, T0,
        Optional.empty(), Optional.empty(), Optional.empty(), LedgerEntry.STARTED, T0).withTriggerIds(List.of("11", "12"));
    ledger.runStarted(run);
    String runsStream = "projects/proj/datasets/ops/tables/export_metadata/_default";
    DynamicMessage first = fake.rowsOf(runsStream).get(0);
    assertThat(first.getField(first.getDescriptorForType().findFieldByName("trigger_ids"))).isEqualTo(List.of("11", "12"));

    fake.withoutTriggerIds = true;
    ledger.close();
    ledger = BigQueryLedger.create("proj.ops.export_metadata",
        new BigQueryConfig(Optional.of("127.0.0.1:" + server.getPort()), Optional.empty(), 1, true));
    ledger.runFinished(run.next(LedgerEntry.FINISHED, RunStatus.SUCCEEDED, 5, T0.plusSeconds(1), Optional.empty(),
        Optional.of(1)));
    List<DynamicMessage> rows = fake.rowsOf(runsStream);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).getDescriptorForType().findFieldByName("trigger_ids")).isNull();
    assertThat(field(rows.get(1), "status")).isEqualTo("succeeded");
  }

  @Test
  void aRefusedAppendIsAnIOException() throws Exception {
    ledger = start();
    fake.fail = true;
    var run = new LedgerEntry("r", "sales", LocalDate.of(2025, 3, 17), "p.d.t", "sftp://h/d", RunStatus.RUNNING, 0, T0,
        Optional.empty(), Optional.empty(), Optional.empty(), LedgerEntry.STARTED, T0);
    assertThatThrownBy(() -> ledger.runStarted(run)).isInstanceOf(IOException.class).hasMessageContaining("no write access");
  }
}
