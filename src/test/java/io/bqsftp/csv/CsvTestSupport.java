package io.bqsftp.csv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow fields of the shapes the Storage Read API sends, and helpers to render small batches. */
final class CsvTestSupport {
  static final CsvFormat NO_HEADER = new CsvFormat(',', false);

  private CsvTestSupport() {}

  static Field field(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.nullable(type), List.of(children));
  }

  static Field extension(String name, ArrowType type, String extension, Field... children) {
    Map<String, String> metadata = Map.of("ARROW:extension:name", extension);
    return new Field(name, new FieldType(true, type, null, metadata), List.of(children));
  }

  static Field int64(String name) {
    return field(name, new ArrowType.Int(64, true));
  }

  static Field float64(String name) {
    return field(name, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
  }

  static Field string(String name) {
    return field(name, ArrowType.Utf8.INSTANCE);
  }

  static Field bool(String name) {
    return field(name, ArrowType.Bool.INSTANCE);
  }

  static Field bytes(String name) {
    return field(name, ArrowType.Binary.INSTANCE);
  }

  static Field date(String name) {
    return field(name, new ArrowType.Date(DateUnit.DAY));
  }

  static Field time(String name) {
    return field(name, new ArrowType.Time(TimeUnit.MICROSECOND, 64));
  }

  static Field timestamp(String name) {
    return field(name, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
  }

  static Field datetime(String name) {
    return extension(
        name, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), "google:sqlType:datetime");
  }

  static Field numeric(String name) {
    return field(name, new ArrowType.Decimal(38, 9, 128));
  }

  /** BIGNUMERIC arrives as decimal256(76, 38) or, for its full 77-digit range, (77, 38). */
  static Field bignumeric(String name, int precision) {
    return field(name, new ArrowType.Decimal(precision, 38, 256));
  }

  static Field interval(String name) {
    return extension(
        name, new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO), "google:sqlType:interval");
  }

  static Field list(String name, Field element) {
    return field(name, new ArrowType.List(), element);
  }

  static Field struct(String name, Field... children) {
    return field(name, ArrowType.Struct.INSTANCE, children);
  }

  /** A batch under construction: one allocator per test, closed (and leak-checked) at the end. */
  static final class Batch implements AutoCloseable {
    final BufferAllocator allocator = new RootAllocator();
    final VectorSchemaRoot root;

    Batch(Field... fields) {
      root = VectorSchemaRoot.create(new Schema(List.of(fields)), allocator);
      root.allocateNew();
    }

    @SuppressWarnings("unchecked")
    <V extends FieldVector> V vector(int index) {
      return (V) root.getVector(index);
    }

    Batch rows(int count) {
      root.setRowCount(count);
      return this;
    }

    Schema schema() {
      return root.getSchema();
    }

    @Override
    public void close() {
      root.close();
      allocator.close();
    }
  }

  /** Renders the batch with one encoder and returns all chunks concatenated. */
  static String encode(ArrowCsvEncoder encoder, VectorSchemaRoot root, int maxChunkBytes) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      encoder.encode(root, maxChunkBytes, (bytes, length, rows) -> all.write(bytes, 0, length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  /** CSV lines of a one-column batch without header, filled by {@code fill}. */
  static <V extends FieldVector> List<String> renderColumn(
      Field field, int rows, Consumer<V> fill) {
    return renderColumn(field, NO_HEADER, rows, fill);
  }

  static <V extends FieldVector> List<String> renderColumn(
      Field field, CsvFormat format, int rows, Consumer<V> fill) {
    try (Batch batch = new Batch(field)) {
      fill.accept(batch.vector(0));
      batch.rows(rows);
      String text = encode(new ArrowCsvEncoder(batch.schema(), format), batch.root, 1 << 20);
      if (!text.endsWith("\n")) {
        throw new AssertionError("CSV text must end with a newline: " + text);
      }
      return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }
  }
}
