package io.bqsftp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteClient;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteSettings;
import com.google.cloud.bigquery.storage.v1.ProtoRows;
import com.google.cloud.bigquery.storage.v1.ProtoSchemaConverter;
import com.google.cloud.bigquery.storage.v1.StreamWriter;
import com.google.cloud.bigquery.storage.v1.TableFieldSchema;
import com.google.cloud.bigquery.storage.v1.TableName;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.ManagedChannelBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local server's Storage Write API through the production {@code StreamWriter} and
 * {@code BigQueryWriteClient}: rows appended on the default stream are read back through the Read
 * API (with the ledger's {@code export_name = "..."} restriction), and the schema checks BigQuery
 * makes refuse an unknown field, a missing REQUIRED field and a wrong type.
 */
class LocalWriteServiceTest {
  static final String TABLE = "proj.ops.export_metadata";
  LocalBigQueryServer server;
  final List<StreamWriter> writers = new ArrayList<>();

  @BeforeEach
  void start() {
    server = LocalBigQueryServer.start(0);
    HistoryTables.create(server, TABLE);
  }

  @AfterEach
  void stop() {
    writers.forEach(StreamWriter::close);
    server.close();
  }

  /** A proto2 message with optional fields: name:type pairs. */
  static Descriptors.Descriptor descriptor(String... fields) throws Exception {
    var message = DescriptorProto.newBuilder().setName("Row");
    for (int i = 0; i < fields.length; i++) {
      String[] f = fields[i].split(":");
      message.addField(FieldDescriptorProto.newBuilder().setName(f[0]).setNumber(i + 1)
          .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
          .setType(FieldDescriptorProto.Type.valueOf("TYPE_" + f[1].toUpperCase())));
    }
    var file = FileDescriptorProto.newBuilder().setName("row.proto").addMessageType(message).build();
    return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]).findMessageTypeByName("Row");
  }

  static final String[] FILE_FIELDS = {"export_id:string", "export_name:string", "run_date:int32", "file_name:string",
      "rows:int64", "bytes:int64", "sha256:string", "status:string", "staged_uri:string", "error_message:string",
      "event_time:int64"};

  StreamWriter writer(String table, Descriptors.Descriptor descriptor) throws Exception {
    String[] t = table.split("\\.");
    var writer = StreamWriter.newBuilder(StreamWriter.getDefaultStreamName(TableName.of(t[0], t[1], t[2])))
        .setWriterSchema(ProtoSchemaConverter.convert(descriptor))
        .setEndpoint(server.endpoint())
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setChannelProvider(BigQueryWriteSettings.defaultGrpcTransportProviderBuilder()
            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build())
        .build();
    writers.add(writer);
    return writer;
  }

  static DynamicMessage row(Descriptors.Descriptor d, Object... namesAndValues) {
    var b = DynamicMessage.newBuilder(d);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.setField(d.findFieldByName((String) namesAndValues[i]), namesAndValues[i + 1]);
    }
    return b.build();
  }

  static void append(StreamWriter writer, DynamicMessage... rows) throws Exception {
    var proto = ProtoRows.newBuilder();
    for (DynamicMessage row : rows) {
      proto.addSerializedRows(row.toByteString());
    }
    writer.append(proto.build()).get(30, TimeUnit.SECONDS);
  }

  DynamicMessage fileRow(Descriptors.Descriptor d, String exportName, String file, long rows) {
    return row(d, "export_id", exportName + "-20250317-1", "export_name", exportName,
        "run_date", (int) LocalDate.of(2025, 3, 17).toEpochDay(), "file_name", file, "rows", rows, "bytes", 4096L,
        "sha256", "ab".repeat(32), "status", "landed", "event_time", 1742191200123456L);
  }

  /** Reads the table through the Read API with a restriction; one string per row: file_name/rows/event_time. */
  List<String> read(String table, String restriction) throws Exception {
    List<String> out = new ArrayList<>();
    try (var client = ReadClients.create(server)) {
      var request = ReadClients.sessionRequest(table, 2);
      request.getReadSessionBuilder().getReadOptionsBuilder().setRowRestriction(restriction);
      var session = client.createReadSession(request.build());
      try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
        for (var stream : session.getStreamsList()) {
          decoder.read(client, stream.getName(), 0, root -> {
            for (int i = 0; i < root.getRowCount(); i++) {
              out.add(root.getVector("file_name").getObject(i) + "/" + root.getVector("rows").getObject(i) + "/"
                  + ((org.apache.arrow.vector.TimeStampVector) root.getVector("event_time")).get(i) + "/"
                  + ((org.apache.arrow.vector.DateDayVector) root.getVector("run_date")).get(i));
            }
          });
        }
      }
    }
    return out;
  }

  @Test
  void appendedRowsAreReadableAtOnceWithTheLedgersRestriction() throws Exception {
    var d = descriptor(FILE_FIELDS);
    var writer = writer(TABLE + "_files", d);
    append(writer, fileRow(d, "sales", "sales_a.csv.gz", 10), fileRow(d, "stock", "stock_a.csv.gz", 20));
    append(writer, fileRow(d, "sales", "sales_b.csv.gz", 30));

    long micros = 1742191200123456L;
    var eventTime = ChronoUnit.MICROS.addTo(Instant.EPOCH, micros);
    String day = String.valueOf(LocalDate.of(2025, 3, 17).toEpochDay());
    assertThat(read(TABLE + "_files", "export_name = \"sales\"")).containsExactlyInAnyOrder(
        "sales_a.csv.gz/10/" + micros + "/" + day, "sales_b.csv.gz/30/" + micros + "/" + day);
    assertThat(read(TABLE + "_files", "export_id = 'stock-20250317-1'")).containsExactly(
        "stock_a.csv.gz/20/" + micros + "/" + day);
    assertThat(read(TABLE + "_files", "export_name = \"nobody\"")).isEmpty();
    assertThat(eventTime).isEqualTo(Instant.parse("2025-03-17T06:00:00.123456Z"));
  }

  @Test
  void getWriteStreamDescribesTheTable() throws Exception {
    var settings = BigQueryWriteSettings.newBuilder()
        .setEndpoint(server.endpoint())
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setTransportChannelProvider(BigQueryWriteSettings.defaultGrpcTransportProviderBuilder()
            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build())
        .build();
    try (var client = BigQueryWriteClient.create(settings)) {
      var stream = client.getWriteStream("projects/proj/datasets/ops/tables/export_metadata/streams/_default");
      assertThat(stream.getTableSchema().getFieldsList()).hasSize(HistoryTables.RUNS.size());
      var runDate = stream.getTableSchema().getFields(2);
      assertThat(runDate.getName()).isEqualTo("run_date");
      assertThat(runDate.getType()).isEqualTo(TableFieldSchema.Type.DATE);
      assertThat(runDate.getMode()).isEqualTo(TableFieldSchema.Mode.REQUIRED);
      assertThatThrownBy(() -> client.getWriteStream("projects/proj/datasets/ops/tables/nope/streams/_default"))
          .hasMessageContaining("NOT_FOUND");
    }
  }

  @Test
  void anUnknownFieldFailsTheAppend() throws Exception {
    String[] fields = java.util.Arrays.copyOf(FILE_FIELDS, FILE_FIELDS.length + 1);
    fields[FILE_FIELDS.length] = "color:string";
    var d = descriptor(fields);
    var writer = writer(TABLE + "_files", d);
    assertThatThrownBy(() -> append(writer, row(d, "color", "red")))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("extra fields: 'color'");
    assertThat(((AppendableTable) server.tables().get(TABLE + "_files")).rowCount()).isZero();
  }

  @Test
  void aMissingRequiredFieldFailsTheAppend() throws Exception {
    // In the schema but not set in the second row: the whole request is refused.
    var d = descriptor(FILE_FIELDS);
    var writer = writer(TABLE + "_files", d);
    var withoutStatus = fileRow(d, "sales", "b", 1).toBuilder().clearField(d.findFieldByName("status")).build();
    assertThatThrownBy(() -> append(writer, fileRow(d, "sales", "a", 1), withoutStatus))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("missing required field status");
    assertThat(((AppendableTable) server.tables().get(TABLE + "_files")).rowCount()).isZero();

    // Not in the writer schema at all.
    var noStatus = descriptor(java.util.Arrays.stream(FILE_FIELDS).filter(f -> !f.startsWith("status")).toArray(String[]::new));
    var second = writer(TABLE + "_files", noStatus);
    assertThatThrownBy(() -> append(second, row(noStatus, "export_id", "x")))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("REQUIRED field status");
  }

  @Test
  void aWrongTypeFailsTheAppend() throws Exception {
    String[] fields = FILE_FIELDS.clone();
    fields[4] = "rows:string";
    var d = descriptor(fields);
    var writer = writer(TABLE + "_files", d);
    assertThatThrownBy(() -> append(writer, row(d, "rows", "ten")))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("mismatched with BigQuery field at Row.rows, the proto field type string, BigQuery field type INT64");
  }

  @Test
  void appendsToAMissingOrReadOnlyTableFail() throws Exception {
    var d = descriptor(FILE_FIELDS);
    assertThatThrownBy(() -> append(writer("proj.ops.nope", d), fileRow(d, "s", "a", 1)))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("NOT_FOUND");
    server.addTable("proj.ops.source", DemoTable.generate(3));
    assertThatThrownBy(() -> append(writer("proj.ops.source", d), fileRow(d, "s", "a", 1)))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("read-only");
  }
}
