package io.bqsftp.local;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Writes plain Java values into the Arrow vectors of {@link BigQueryArrowTypes} fields.
 *
 * <p>Value model: INT64 {@link Long}, FLOAT64 {@link Double}, NUMERIC/BIGNUMERIC {@link
 * BigDecimal}, BOOL {@link Boolean}, STRING/GEOGRAPHY/JSON {@link String}, BYTES {@code byte[]},
 * DATE {@link LocalDate}, TIME {@link LocalTime}, DATETIME {@link LocalDateTime}, TIMESTAMP
 * {@link Instant}, INTERVAL {@link IntervalValue}, RANGE {@link RangeValue}, STRUCT a {@link List}
 * with one value per sub-field, REPEATED a {@link List} of elements. {@code null} is NULL (an
 * empty array for REPEATED columns, as BigQuery has no NULL arrays).
 */
@FunctionalInterface
public interface ArrowValueWriter {

  /** Writes {@code value} at {@code index}; rows must be written in ascending index order. */
  void write(int index, Object value);

  /** A writer for the vector, resolved once so the per-value work is a plain call. */
  static ArrowValueWriter forVector(FieldVector vector) {
    if (vector instanceof BigIntVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, ((Number) value).longValue());
      };
    }
    if (vector instanceof Float8Vector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, ((Number) value).doubleValue());
      };
    }
    if (vector instanceof DecimalVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, scaled((BigDecimal) value, v.getScale()));
      };
    }
    if (vector instanceof Decimal256Vector v) {
      // BIGNUMERIC's range has 77 digits at its ends, beyond the type's nominal precision of 76
      // that setSafe(BigDecimal) enforces; the 256-bit integer is written as BigQuery sends it.
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setBigEndianSafe(i, scaled((BigDecimal) value, v.getScale()).unscaledValue().toByteArray());
      };
    }
    if (vector instanceof BitVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, ((Boolean) value) ? 1 : 0);
      };
    }
    if (vector instanceof VarCharVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
      };
    }
    if (vector instanceof VarBinaryVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, (byte[]) value);
      };
    }
    if (vector instanceof DateDayVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, Math.toIntExact(((LocalDate) value).toEpochDay()));
      };
    }
    if (vector instanceof TimeMicroVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, ((LocalTime) value).toNanoOfDay() / 1000);
      };
    }
    if (vector instanceof TimeStampMicroTZVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, micros((Instant) value));
      };
    }
    if (vector instanceof TimeStampMicroVector v) {
      return (i, value) -> {
        if (value == null) v.setNull(i); else v.setSafe(i, micros((LocalDateTime) value));
      };
    }
    if (vector instanceof IntervalMonthDayNanoVector v) {
      return (i, value) -> {
        if (value == null) {
          v.setNull(i);
        } else {
          IntervalValue interval = (IntervalValue) value;
          v.setSafe(i, interval.months(), interval.days(), interval.nanos());
        }
      };
    }
    if (vector instanceof StructVector v) {
      return structWriter(v);
    }
    if (vector instanceof ListVector v) {
      return listWriter(v);
    }
    throw new IllegalArgumentException("no writer for vector " + vector.getField());
  }

  static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  static long micros(LocalDateTime dateTime) {
    return micros(dateTime.toInstant(ZoneOffset.UTC));
  }

  private static BigDecimal scaled(BigDecimal value, int scale) {
    // Arrow insists on the vector's exact scale; BigQuery rounds extra digits half away from zero.
    return value.scale() == scale ? value : value.setScale(scale, RoundingMode.HALF_UP);
  }

  private static ArrowValueWriter structWriter(StructVector struct) {
    List<ArrowValueWriter> children = new ArrayList<>();
    for (FieldVector child : struct.getChildrenFromFields()) {
      children.add(forVector(child));
    }
    return (i, value) -> {
      if (value == null) {
        struct.setNull(i);
        // Keep children in step so their value counts and offsets stay consistent.
        for (ArrowValueWriter child : children) {
          child.write(i, null);
        }
        return;
      }
      struct.setIndexDefined(i);
      List<?> parts = value instanceof RangeValue range
          ? java.util.Arrays.asList(range.start(), range.end())
          : (List<?>) value;
      if (parts.size() != children.size()) {
        throw new IllegalArgumentException("struct " + struct.getName() + " has " + children.size()
            + " fields, value has " + parts.size());
      }
      for (int c = 0; c < children.size(); c++) {
        children.get(c).write(i, parts.get(c));
      }
    };
  }

  private static ArrowValueWriter listWriter(ListVector list) {
    ArrowValueWriter element = forVector(list.getDataVector());
    return (i, value) -> {
      List<?> items = value == null ? List.of() : (List<?>) value;
      int start = list.startNewValue(i);
      for (int k = 0; k < items.size(); k++) {
        element.write(start + k, items.get(k));
      }
      list.endValue(i, items.size());
    };
  }
}
