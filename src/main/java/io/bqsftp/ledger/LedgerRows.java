package io.bqsftp.ledger;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The ledger's rows as Storage Write API protos: fixed descriptors matching the tables' DDL (see
 * docs/history-and-retry.md), so no schema lookup is needed. TIMESTAMP columns are sent as
 * microseconds since the epoch and DATE as days since the epoch, as the Write API accepts them.
 */
final class LedgerRows {
  private LedgerRows() {}

  static final Descriptors.Descriptor RUN = descriptor("RunEvent",
      string("export_id"), string("export_name"), int32("run_date"), string("source_table"),
      string("destination_uri"), string("status"), int64("rows_exported"), int64("started_at"),
      int64("completed_at"), string("error_message"), int64("file_count"), string("event"), int64("event_time"),
      repeatedString("trigger_ids"));

  /** The run row of a table created before trigger_ids existed. */
  static final Descriptors.Descriptor RUN_WITHOUT_TRIGGER_IDS = descriptor("RunEventV1",
      string("export_id"), string("export_name"), int32("run_date"), string("source_table"),
      string("destination_uri"), string("status"), int64("rows_exported"), int64("started_at"),
      int64("completed_at"), string("error_message"), int64("file_count"), string("event"), int64("event_time"));

  static final Descriptors.Descriptor FILE = descriptor("FileEvent",
      string("export_id"), string("export_name"), int32("run_date"), string("file_name"), int64("rows"),
      int64("bytes"), string("sha256"), string("status"), string("staged_uri"), string("error_message"),
      int64("event_time"));

  static DynamicMessage row(LedgerEntry r) {
    return row(r, RUN);
  }

  /** The run row in {@code descriptor}'s form; trigger ids only where it has the column. */
  static DynamicMessage row(LedgerEntry r, Descriptors.Descriptor descriptor) {
    var b = DynamicMessage.newBuilder(descriptor);
    set(b, "export_id", r.runId());
    set(b, "export_name", r.exportName());
    set(b, "run_date", (int) r.runDate().toEpochDay());
    set(b, "source_table", r.sourceTable());
    set(b, "destination_uri", r.destinationUri());
    set(b, "status", r.status().text());
    set(b, "rows_exported", r.rowsExported());
    set(b, "started_at", micros(r.startedAt()));
    r.completedAt().ifPresent(t -> set(b, "completed_at", micros(t)));
    r.errorMessage().ifPresent(e -> set(b, "error_message", e));
    r.fileCount().ifPresent(n -> set(b, "file_count", (long) n));
    set(b, "event", r.event());
    set(b, "event_time", micros(r.eventTime()));
    var triggers = descriptor.findFieldByName("trigger_ids");
    if (triggers != null) {
      r.triggerIds().forEach(id -> b.addRepeatedField(triggers, id));
    }
    return b.build();
  }

  static DynamicMessage row(FileRecord f) {
    var b = DynamicMessage.newBuilder(FILE);
    set(b, "export_id", f.runId());
    set(b, "export_name", f.exportName());
    set(b, "run_date", (int) f.runDate().toEpochDay());
    set(b, "file_name", f.fileName());
    set(b, "rows", f.rows());
    set(b, "bytes", f.bytes());
    set(b, "sha256", f.sha256());
    set(b, "status", f.status().text());
    f.stagedUri().ifPresent(u -> set(b, "staged_uri", u));
    f.errorMessage().ifPresent(e -> set(b, "error_message", e));
    set(b, "event_time", micros(f.eventTime()));
    return b.build();
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static void set(DynamicMessage.Builder b, String field, Object value) {
    b.setField(b.getDescriptorForType().findFieldByName(field), value);
  }

  private static Descriptors.Descriptor descriptor(String name, FieldDescriptorProto.Builder... fields) {
    var message = DescriptorProto.newBuilder().setName(name);
    for (int i = 0; i < fields.length; i++) {
      var field = fields[i].setNumber(i + 1);
      if (!field.hasLabel()) {
        field.setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
      }
      message.addField(field);
    }
    try {
      var file = FileDescriptorProto.newBuilder().setName(name + ".proto").addMessageType(message).build();
      return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]).findMessageTypeByName(name);
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FieldDescriptorProto.Builder string(String name) {
    return FieldDescriptorProto.newBuilder().setName(name).setType(FieldDescriptorProto.Type.TYPE_STRING);
  }

  private static FieldDescriptorProto.Builder repeatedString(String name) {
    return string(name).setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
  }

  private static FieldDescriptorProto.Builder int64(String name) {
    return FieldDescriptorProto.newBuilder().setName(name).setType(FieldDescriptorProto.Type.TYPE_INT64);
  }

  private static FieldDescriptorProto.Builder int32(String name) {
    return FieldDescriptorProto.newBuilder().setName(name).setType(FieldDescriptorProto.Type.TYPE_INT32);
  }
}
