package io.bqsftp.local;

import com.google.cloud.bigquery.storage.v1.AppendRowsRequest;
import com.google.cloud.bigquery.storage.v1.AppendRowsResponse;
import com.google.cloud.bigquery.storage.v1.BigQueryWriteGrpc;
import com.google.cloud.bigquery.storage.v1.GetWriteStreamRequest;
import com.google.cloud.bigquery.storage.v1.RowError;
import com.google.cloud.bigquery.storage.v1.TableFieldSchema;
import com.google.cloud.bigquery.storage.v1.TableSchema;
import com.google.cloud.bigquery.storage.v1.WriteStream;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BigQuery Storage Write API v1 for {@link AppendableTable}s: {@code GetWriteStream} and
 * {@code AppendRows} on a table's {@code _default} stream (committed: rows are readable at once).
 * A request is applied whole or not at all, as BigQuery does: a writer schema that does not fit
 * the table fails the request, and rows BigQuery would refuse come back as {@code row_errors}
 * with an INVALID_ARGUMENT error. Application streams (CreateWriteStream) are not served.
 */
final class LocalWriteService extends BigQueryWriteGrpc.BigQueryWriteImplBase {
  private static final Pattern DEFAULT_STREAM =
      Pattern.compile("projects/([^/]+)/datasets/([^/]+)/tables/([^/]+)/(?:streams/)?_default");

  private final Map<String, LocalTable> tables;

  LocalWriteService(Map<String, LocalTable> tables) {
    this.tables = tables;
  }

  @Override
  public void getWriteStream(GetWriteStreamRequest request, StreamObserver<WriteStream> response) {
    try {
      AppendableTable table = table(request.getName());
      response.onNext(WriteStream.newBuilder()
          .setName(request.getName())
          .setType(WriteStream.Type.COMMITTED)
          .setLocation("local")
          .setTableSchema(tableSchema(table.columns()))
          .build());
      response.onCompleted();
    } catch (StatusRuntimeException e) {
      response.onError(e);
    }
  }

  @Override
  public StreamObserver<AppendRowsRequest> appendRows(StreamObserver<AppendRowsResponse> responses) {
    return new StreamObserver<>() {
      String streamName;
      AppendableTable table;
      ProtoRowSchema schema;

      @Override
      public void onNext(AppendRowsRequest request) {
        try {
          if (!request.getWriteStream().isEmpty() && !request.getWriteStream().equals(streamName)) {
            table = table(request.getWriteStream());
            streamName = request.getWriteStream();
            schema = null;
          }
          if (table == null) {
            throw Status.INVALID_ARGUMENT.withDescription("the first AppendRows request must name write_stream")
                .asRuntimeException();
          }
          if (request.getProtoRows().hasWriterSchema()) {
            schema = ProtoRowSchema.bind(descriptor(request), table.columns(), tableName(streamName));
          }
          if (schema == null) {
            throw Status.INVALID_ARGUMENT.withDescription("the first AppendRows request must carry writer_schema")
                .asRuntimeException();
          }
          if (request.hasOffset()) {
            throw Status.INVALID_ARGUMENT.withDescription("offset is not allowed on the _default stream")
                .asRuntimeException();
          }
          responses.onNext(append(request.getProtoRows().getRows().getSerializedRowsList()));
        } catch (ProtoRowSchema.SchemaMismatch e) {
          responses.onNext(error(Status.Code.INVALID_ARGUMENT, e.getMessage(), List.of()));
        } catch (StatusRuntimeException e) {
          responses.onNext(error(e.getStatus().getCode(), e.getStatus().getDescription(), List.of()));
        }
      }

      private AppendRowsResponse append(List<ByteString> serialized) {
        List<ProtoRowSchema.RowError> errors = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>(serialized.size());
        for (int i = 0; i < serialized.size(); i++) {
          rows.add(schema.decode(serialized.get(i), i, errors));
        }
        if (!errors.isEmpty()) {
          return error(Status.Code.INVALID_ARGUMENT, "Errors found while processing rows: " + errors.get(0).message()
              + " Entity: " + streamName, errors);
        }
        table.append(rows);
        return AppendRowsResponse.newBuilder()
            .setAppendResult(AppendRowsResponse.AppendResult.getDefaultInstance())
            .setWriteStream(streamName)
            .build();
      }

      private AppendRowsResponse error(Status.Code code, String message, List<ProtoRowSchema.RowError> rowErrors) {
        var response = AppendRowsResponse.newBuilder()
            .setError(com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message));
        if (streamName != null) {
          response.setWriteStream(streamName);
        }
        for (ProtoRowSchema.RowError e : rowErrors) {
          response.addRowErrors(RowError.newBuilder().setIndex(e.index()).setCode(RowError.RowErrorCode.FIELDS_ERROR)
              .setMessage(e.message()));
        }
        return response.build();
      }

      @Override
      public void onError(Throwable t) {
        // The client went away; nothing is held per connection.
      }

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  private AppendableTable table(String streamName) {
    Matcher m = DEFAULT_STREAM.matcher(streamName);
    if (!m.matches()) {
      throw Status.INVALID_ARGUMENT.withDescription("the local BigQuery server only serves _default write streams"
          + " (projects/P/datasets/D/tables/T/_default), got '" + streamName + "'").asRuntimeException();
    }
    String spec = m.group(1) + "." + m.group(2) + "." + m.group(3);
    LocalTable table = tables.get(spec);
    if (table == null) {
      throw Status.NOT_FOUND.withDescription("Requested entity was not found. Entity: " + streamName
          + " (table " + spec + " is not served by this local BigQuery server)").asRuntimeException();
    }
    if (!(table instanceof AppendableTable appendable)) {
      throw Status.FAILED_PRECONDITION.withDescription("table " + spec
          + " is read-only on this local BigQuery server (only history tables accept appends)").asRuntimeException();
    }
    return appendable;
  }

  private static String tableName(String streamName) {
    return streamName.substring(0, streamName.lastIndexOf("/_default")).replace("/streams", "");
  }

  private static Descriptors.Descriptor descriptor(AppendRowsRequest request) {
    var proto = request.getProtoRows().getWriterSchema().getProtoDescriptor();
    try {
      var file = FileDescriptorProto.newBuilder().setName("writer_schema.proto").addMessageType(proto).build();
      return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
          .findMessageTypeByName(proto.getName());
    } catch (Descriptors.DescriptorValidationException e) {
      throw Status.INVALID_ARGUMENT.withDescription("invalid writer_schema: " + e.getMessage()).asRuntimeException();
    }
  }

  static TableSchema tableSchema(List<BqField> columns) {
    var schema = TableSchema.newBuilder();
    columns.forEach(c -> schema.addFields(field(c)));
    return schema.build();
  }

  private static TableFieldSchema field(BqField column) {
    var field = TableFieldSchema.newBuilder()
        .setName(column.name())
        .setType(switch (column.type()) {
          case INT64 -> TableFieldSchema.Type.INT64;
          case FLOAT64 -> TableFieldSchema.Type.DOUBLE;
          case NUMERIC -> TableFieldSchema.Type.NUMERIC;
          case BIGNUMERIC -> TableFieldSchema.Type.BIGNUMERIC;
          case BOOL -> TableFieldSchema.Type.BOOL;
          case STRING -> TableFieldSchema.Type.STRING;
          case BYTES -> TableFieldSchema.Type.BYTES;
          case DATE -> TableFieldSchema.Type.DATE;
          case TIME -> TableFieldSchema.Type.TIME;
          case DATETIME -> TableFieldSchema.Type.DATETIME;
          case TIMESTAMP -> TableFieldSchema.Type.TIMESTAMP;
          case GEOGRAPHY -> TableFieldSchema.Type.GEOGRAPHY;
          case JSON -> TableFieldSchema.Type.JSON;
          case INTERVAL -> TableFieldSchema.Type.INTERVAL;
          case RANGE -> TableFieldSchema.Type.RANGE;
          case STRUCT -> TableFieldSchema.Type.STRUCT;
        })
        .setMode(TableFieldSchema.Mode.valueOf(column.mode().name()));
    column.fields().forEach(sub -> field.addFields(field(sub)));
    return field.build();
  }
}
