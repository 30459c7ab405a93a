package io.bqsftp.bench;

import io.bqsftp.csv.ArrowCsvEncoder;
import io.bqsftp.csv.CsvFormat;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * FLOAT64 text alone: one column of {@link #ROWS} doubles encoded to CSV, timed by this thread's
 * CPU time; prints nanoseconds per value. {@code Float64CpuBench MIX WARMUP_S MEASURE_S}, MIX one
 * of {@code typical} (15-digit-looking and computed values of everyday magnitude), {@code extremes}
 * (the demo table's -MAX_VALUE and MIN_VALUE, huge, tiny and subnormal values) or {@code bits}
 * (random bit patterns: nearly all far outside everyday magnitudes).
 */
public final class Float64CpuBench {
  static final int ROWS = 65_536;

  private Float64CpuBench() {}

  public static void main(String[] args) throws Exception {
    String mix = args.length > 0 ? args[0] : "extremes";
    double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    double measure = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    Field field = new Field("v", FieldType.nullable(
        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
    Schema schema = new Schema(List.of(field));
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      Float8Vector vector = (Float8Vector) root.getVector(0);
      vector.allocateNew(ROWS);
      SplittableRandom random = new SplittableRandom(1);
      for (int i = 0; i < ROWS; i++) {
        vector.set(i, value(mix, i, random));
      }
      root.setRowCount(ROWS);
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(schema, CsvFormat.BIGQUERY_DEFAULT);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long end = threads.getCurrentThreadCpuTime() + (long) (warmup * 1e9);
      while (threads.getCurrentThreadCpuTime() < end) {
        encoder.encode(root, 1 << 20, (buf, len, rows) -> { });
      }
      long start = threads.getCurrentThreadCpuTime();
      long values = 0;
      long now;
      do {
        encoder.encode(root, 1 << 20, (buf, len, rows) -> { });
        values += ROWS;
        now = threads.getCurrentThreadCpuTime();
      } while (now - start < measure * 1e9);
      System.out.printf("%s: %.1f ns per FLOAT64 value (%,d values in %.2f cpu-s)%n",
          mix, (now - start) / (double) values, values, (now - start) / 1e9);
    }
  }

  private static double value(String mix, int i, SplittableRandom random) {
    return switch (mix) {
      case "typical" -> i % 2 == 0
          ? Math.round(random.nextDouble(-1e6, 1e6) * 100) / 100.0
          : random.nextDouble() * Math.pow(10, random.nextInt(-3, 9));
      case "extremes" -> switch (i % 6) {
        case 0 -> -Double.MAX_VALUE;
        case 1 -> Double.MIN_VALUE;
        case 2 -> random.nextDouble() * 1e-300;
        case 3 -> random.nextDouble() * 1e300;
        case 4 -> Double.longBitsToDouble(random.nextLong(1L << 52)); // subnormal
        default -> random.nextDouble() * 1e-9; // mostly 17 digits below 0.01
      };
      case "bits" -> {
        double v;
        do {
          v = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(v));
        yield v;
      }
      default -> throw new IllegalArgumentException("mix: typical, extremes or bits, not " + mix);
    };
  }
}
