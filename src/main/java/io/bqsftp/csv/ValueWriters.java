package io.bqsftp.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Chooses the writer for each Arrow field the BigQuery Storage Read API produces, and refuses any
 * other type up front so that an export fails before its first byte rather than mid-file.
 */
final class ValueWriters {
  static final String EXTENSION_NAME = "ARROW:extension:name";
  static final String SQL_DATETIME = "google:sqlType:datetime";
  static final String SQL_JSON = "google:sqlType:json";
  static final String SQL_RANGE = "google:sqlType:range";

  private ValueWriters() {}

  static ValueWriter forField(Field field, CsvTextOptions options) {
    return forField(field, field.getName(), options);
  }

  private static ValueWriter forField(Field field, String path, CsvTextOptions options) {
    ArrowType type = field.getType();
    String extension = extensionName(field);
    switch (type.getTypeID()) {
      case Int -> {
        ArrowType.Int t = (ArrowType.Int) type;
        if (t.getBitWidth() == 64 && t.getIsSigned()) {
          return new Int64Writer(options.int64AsJsonString());
        }
      }
      case FloatingPoint -> {
        if (((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE) {
          return new Float64Writer();
        }
      }
      case Bool -> {
        return new BoolWriter();
      }
      case Utf8 -> {
        return new Utf8Writer(SQL_JSON.equals(extension));
      }
      case Binary -> {
        return new BytesWriter();
      }
      case Date -> {
        if (((ArrowType.Date) type).getUnit() == DateUnit.DAY) {
          return new DateWriter();
        }
      }
      case Time -> {
        ArrowType.Time t = (ArrowType.Time) type;
        if (t.getUnit() == TimeUnit.MICROSECOND && t.getBitWidth() == 64) {
          return new TimeWriter();
        }
      }
      case Timestamp -> {
        ArrowType.Timestamp t = (ArrowType.Timestamp) type;
        if (t.getUnit() == TimeUnit.MICROSECOND) {
          boolean civil = t.getTimezone() == null || SQL_DATETIME.equals(extension);
          return civil ? TimestampWriter.datetime() : TimestampWriter.timestamp();
        }
      }
      case Decimal -> {
        ArrowType.Decimal t = (ArrowType.Decimal) type;
        if (t.getBitWidth() == 128 || t.getBitWidth() == 256) {
          return new DecimalWriter(t.getBitWidth(), t.getScale());
        }
      }
      case Interval -> {
        if (((ArrowType.Interval) type).getUnit() == IntervalUnit.MONTH_DAY_NANO) {
          return new IntervalWriter(options.intervalFractionInGroupsOfThree());
        }
      }
      case List -> {
        Field element = field.getChildren().get(0);
        return new ListWriter(forField(element, path + "[]", options));
      }
      case Struct -> {
        return isRange(field, path) ? range(field, path, options) : struct(field, path, options);
      }
      default -> {
        // falls through to the error below
      }
    }
    throw new IllegalArgumentException(
        "Column '" + path + "' has Arrow type " + type + ", which cannot be rendered as CSV");
  }

  /**
   * RANGE arrives as struct&lt;start, end&gt;. The extension name decides when present; without
   * it, a struct of exactly the fields start and end of one DATE/DATETIME/TIMESTAMP type is a
   * RANGE (the only element types BigQuery allows), anything else a STRUCT.
   */
  static boolean isRange(Field field, String path) {
    String extension = extensionName(field);
    boolean shape = hasRangeShape(field);
    if (SQL_RANGE.equals(extension)) {
      if (!shape) {
        throw new IllegalArgumentException(
            "Column '" + path + "' is marked " + SQL_RANGE + " but is not struct<start, end>");
      }
      return true;
    }
    return extension == null && shape && isRangeElement(field.getChildren().get(0).getType());
  }

  private static boolean hasRangeShape(Field field) {
    List<Field> children = field.getChildren();
    return children.size() == 2
        && "start".equals(children.get(0).getName())
        && "end".equals(children.get(1).getName())
        && children.get(0).getType().equals(children.get(1).getType());
  }

  private static boolean isRangeElement(ArrowType type) {
    return (type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY)
        || (type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MICROSECOND);
  }

  private static ValueWriter range(Field field, String path, CsvTextOptions options) {
    List<Field> children = field.getChildren();
    return new RangeWriter(
        forField(children.get(0), path + ".start", options),
        forField(children.get(1), path + ".end", options));
  }

  private static ValueWriter struct(Field field, String path, CsvTextOptions options) {
    List<String> names = new ArrayList<>();
    List<ValueWriter> writers = new ArrayList<>();
    for (Field child : field.getChildren()) {
      names.add(child.getName());
      writers.add(forField(child, path + "." + child.getName(), options));
    }
    return new StructWriter(names, writers);
  }

  private static String extensionName(Field field) {
    Map<String, String> metadata = field.getMetadata();
    return metadata == null ? null : metadata.get(EXTENSION_NAME);
  }
}
