package io.bqsftp.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Maps BigQuery columns to the Arrow fields the Storage Read API sends for them, including the
 * {@code ARROW:extension:name} metadata that tells DATETIME, GEOGRAPHY, JSON and INTERVAL apart
 * from their plain storage types.
 */
public final class BigQueryArrowTypes {
  public static final String EXTENSION_NAME = "ARROW:extension:name";
  public static final String DATETIME_EXTENSION = "google:sqlType:datetime";
  public static final String GEOGRAPHY_EXTENSION = "google:sqlType:geography";
  public static final String JSON_EXTENSION = "google:sqlType:json";
  public static final String INTERVAL_EXTENSION = "google:sqlType:interval";

  /** The element of a REPEATED column's Arrow list. */
  public static final String LIST_ELEMENT_NAME = "item";

  public static final ArrowType NUMERIC = new ArrowType.Decimal(38, 9, 128);
  public static final ArrowType BIGNUMERIC = new ArrowType.Decimal(76, 38, 256);
  public static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
  public static final ArrowType DATETIME = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
  public static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);

  private BigQueryArrowTypes() {}

  public static Schema schema(List<BqField> columns) {
    List<Field> fields = new ArrayList<>(columns.size());
    for (BqField column : columns) {
      fields.add(field(column));
    }
    return new Schema(fields);
  }

  /** The Arrow field of a column, a list of the element type for REPEATED columns. */
  public static Field field(BqField column) {
    if (column.repeatedMode()) {
      Field element = valueField(LIST_ELEMENT_NAME, column, false);
      return new Field(column.name(), FieldType.notNullable(ArrowType.List.INSTANCE), List.of(element));
    }
    return valueField(column.name(), column, column.mode() == BqField.Mode.NULLABLE);
  }

  private static Field valueField(String name, BqField column, boolean nullable) {
    return switch (column.type()) {
      case STRUCT -> {
        List<Field> children = new ArrayList<>();
        for (BqField sub : column.fields()) {
          children.add(field(sub));
        }
        yield new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
      }
      case RANGE -> {
        // The Read API sends RANGE<T> as struct<start: T, end: T>; a null bound is UNBOUNDED.
        BqField element = BqField.nullable("element", column.rangeElementType());
        yield new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null),
            List.of(valueField("start", element, true), valueField("end", element, true)));
      }
      default -> new Field(name, new FieldType(nullable, scalarType(column.type()), null,
          extensionMetadata(column.type())), null);
    };
  }

  /** The Arrow type of a scalar (non-STRUCT, non-RANGE) BigQuery type. */
  public static ArrowType scalarType(BqType type) {
    return switch (type) {
      case INT64 -> new ArrowType.Int(64, true);
      case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case NUMERIC -> NUMERIC;
      case BIGNUMERIC -> BIGNUMERIC;
      case BOOL -> ArrowType.Bool.INSTANCE;
      case STRING, GEOGRAPHY, JSON -> ArrowType.Utf8.INSTANCE;
      case BYTES -> ArrowType.Binary.INSTANCE;
      case DATE -> DATE;
      case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case DATETIME -> DATETIME;
      case TIMESTAMP -> TIMESTAMP;
      case INTERVAL -> new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO);
      case STRUCT, RANGE -> throw new IllegalArgumentException(type + " is not a scalar type");
    };
  }

  private static Map<String, String> extensionMetadata(BqType type) {
    return switch (type) {
      case DATETIME -> Map.of(EXTENSION_NAME, DATETIME_EXTENSION);
      case GEOGRAPHY -> Map.of(EXTENSION_NAME, GEOGRAPHY_EXTENSION);
      case JSON -> Map.of(EXTENSION_NAME, JSON_EXTENSION);
      case INTERVAL -> Map.of(EXTENSION_NAME, INTERVAL_EXTENSION);
      default -> null;
    };
  }
}
