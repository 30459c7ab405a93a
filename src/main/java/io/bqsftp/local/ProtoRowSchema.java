package io.bqsftp.local;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Storage Write API writer schema (a proto descriptor) bound to a table's columns, with the
 * checks BigQuery makes: every proto field names a column (else the append fails), each proto
 * field's type is one the column accepts, a REQUIRED column needs a field and a value in every
 * row. Rows are decoded into the {@link ArrowValueWriter} value model. Only scalar, non-repeated
 * columns are supported (what the history tables use, and more).
 */
final class ProtoRowSchema {
  private static final Set<FieldDescriptor.Type> INTEGERS = EnumSet.of(FieldDescriptor.Type.INT32,
      FieldDescriptor.Type.INT64, FieldDescriptor.Type.UINT32, FieldDescriptor.Type.SINT32, FieldDescriptor.Type.SINT64,
      FieldDescriptor.Type.FIXED32, FieldDescriptor.Type.SFIXED32, FieldDescriptor.Type.SFIXED64, FieldDescriptor.Type.ENUM);

  /** The writer schema does not fit the table: the whole append fails (INVALID_ARGUMENT). */
  static final class SchemaMismatch extends Exception {
    SchemaMismatch(String message) {
      super(message, null, false, false);
    }
  }

  /** A row BigQuery would refuse: index in the request and why. */
  record RowError(int index, String message) {}

  private final Descriptor descriptor;
  private final List<BqField> columns;
  /** Per column, the proto field that carries it, or null. */
  private final FieldDescriptor[] fields;

  private ProtoRowSchema(Descriptor descriptor, List<BqField> columns, FieldDescriptor[] fields) {
    this.descriptor = descriptor;
    this.columns = columns;
    this.fields = fields;
  }

  static ProtoRowSchema bind(Descriptor descriptor, List<BqField> columns, String table) throws SchemaMismatch {
    FieldDescriptor[] fields = new FieldDescriptor[columns.size()];
    List<String> extra = new ArrayList<>();
    for (FieldDescriptor field : descriptor.getFields()) {
      int index = JsonValueConverter.indexOf(columns, field.getName());
      if (index < 0) {
        extra.add(field.getName());
        continue;
      }
      BqField column = columns.get(index);
      if (!accepts(column, field)) {
        throw new SchemaMismatch("The proto field mismatched with BigQuery field at " + descriptor.getName() + "."
            + field.getName() + ", the proto field type " + typeName(field) + ", BigQuery field type " + column.type()
            + (column.repeatedMode() ? " REPEATED" : "") + " Entity: " + table);
      }
      fields[index] = field;
    }
    if (!extra.isEmpty()) {
      throw new SchemaMismatch("Input schema has more fields than BigQuery schema, extra fields: '"
          + String.join(",", extra) + "' Entity: " + table);
    }
    for (int i = 0; i < columns.size(); i++) {
      if (fields[i] == null && columns.get(i).mode() == BqField.Mode.REQUIRED) {
        throw new SchemaMismatch("The proto schema " + descriptor.getName() + " lacks the REQUIRED field "
            + columns.get(i).name() + " Entity: " + table);
      }
    }
    return new ProtoRowSchema(descriptor, columns, fields);
  }

  /** Decodes one serialized row. */
  Object[] decode(ByteString bytes, int index, List<RowError> errors) {
    DynamicMessage message;
    try {
      message = DynamicMessage.parseFrom(descriptor, bytes);
    } catch (InvalidProtocolBufferException e) {
      errors.add(new RowError(index, "cannot parse the row with the writer schema: " + e.getMessage()));
      return null;
    }
    Object[] row = new Object[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      BqField column = columns.get(i);
      FieldDescriptor field = fields[i];
      if (field == null || !message.hasField(field)) {
        if (column.mode() == BqField.Mode.REQUIRED) {
          errors.add(new RowError(index, "missing required field " + column.name()));
          return null;
        }
        continue;
      }
      try {
        row[i] = value(column.type(), message.getField(field));
      } catch (RuntimeException e) {
        errors.add(new RowError(index, "invalid " + column.type() + " value for field " + column.name() + ": "
            + e.getMessage()));
        return null;
      }
    }
    return row;
  }

  private static boolean accepts(BqField column, FieldDescriptor field) {
    if (column.repeatedMode() || field.isRepeated()) {
      return false;
    }
    FieldDescriptor.Type type = field.getType();
    boolean string = type == FieldDescriptor.Type.STRING;
    boolean integer = INTEGERS.contains(type) || type == FieldDescriptor.Type.UINT64 || type == FieldDescriptor.Type.FIXED64;
    return switch (column.type()) {
      case STRING, JSON, GEOGRAPHY, TIME, DATETIME -> string;
      case INT64 -> INTEGERS.contains(type);
      case FLOAT64 -> type == FieldDescriptor.Type.DOUBLE || type == FieldDescriptor.Type.FLOAT;
      case NUMERIC, BIGNUMERIC -> string || integer;
      case BOOL -> type == FieldDescriptor.Type.BOOL;
      case BYTES -> type == FieldDescriptor.Type.BYTES;
      case DATE -> string || type == FieldDescriptor.Type.INT32 || type == FieldDescriptor.Type.INT64;
      case TIMESTAMP -> string || type == FieldDescriptor.Type.INT64;
      case INTERVAL, RANGE, STRUCT -> false;
    };
  }

  private static Object value(BqType type, Object proto) {
    return switch (type) {
      case STRING, JSON, GEOGRAPHY -> proto.toString();
      case INT64 -> proto instanceof Number n ? n.longValue() : (long) ((Enum<?>) proto).ordinal();
      case FLOAT64 -> ((Number) proto).doubleValue();
      case NUMERIC -> decimal(proto, 9);
      case BIGNUMERIC -> decimal(proto, 38);
      case BOOL -> proto;
      case BYTES -> ((ByteString) proto).toByteArray();
      case DATE -> proto instanceof Number n ? LocalDate.ofEpochDay(n.longValue()) : JsonValueConverter.date(proto.toString());
      case TIME -> JsonValueConverter.time(proto.toString());
      case DATETIME -> JsonValueConverter.dateTime(proto.toString());
      case TIMESTAMP -> proto instanceof Number n
          ? Instant.EPOCH.plus(n.longValue(), ChronoUnit.MICROS)
          : JsonValueConverter.timestamp(proto.toString());
      case INTERVAL, RANGE, STRUCT -> throw new IllegalStateException("unsupported column type " + type);
    };
  }

  private static BigDecimal decimal(Object proto, int scale) {
    BigDecimal value = proto instanceof Number n ? BigDecimal.valueOf(n.longValue()) : new BigDecimal(proto.toString().trim());
    return value.setScale(scale, RoundingMode.HALF_UP);
  }

  private static String typeName(FieldDescriptor field) {
    return (field.isRepeated() ? "repeated " : "") + field.getType().name().toLowerCase(Locale.ROOT);
  }
}
