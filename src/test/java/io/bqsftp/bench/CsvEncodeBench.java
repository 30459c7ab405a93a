package io.bqsftp.bench;

import io.bqsftp.cli.BenchOrderTable;
import io.bqsftp.csv.ArrowCsvEncoder;
import io.bqsftp.csv.CsvFormat;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.JsonLinesTable;
import io.bqsftp.local.LocalTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Arrow batches to CSV text on one thread, the formatter alone: {@link #ROWS} rows of the
 * all-types demo table or the 13-column order table ({@link BenchOrderTable}) in batches of
 * {@link #BATCH} rows, 1 MiB chunks into a sink that only counts. Run via {@link CsvBenchMain}
 * for MB/s of CSV per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CsvEncodeBench {
  static final int ROWS = 200_000;
  static final int BATCH = 8_192;

  @Param({"orders", "allTypes"})
  public String table;

  private BufferAllocator allocator;
  private final List<VectorSchemaRoot> batches = new ArrayList<>();
  private ArrowCsvEncoder encoder;
  long bytes;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    allocator = new RootAllocator();
    LocalTable source = load(table);
    for (long from = 0; from < ROWS; from += BATCH) {
      VectorSchemaRoot root = VectorSchemaRoot.create(source.schema(), allocator);
      source.fill(root, from, (int) Math.min(BATCH, ROWS - from));
      batches.add(root);
    }
    encoder = new ArrowCsvEncoder(source.schema(), CsvFormat.BIGQUERY_DEFAULT);
    bytes = encode();
  }

  static LocalTable load(String table) throws IOException {
    if (table.equals("allTypes")) {
      return DemoTable.generate(ROWS);
    }
    Path dir = Files.createTempDirectory("orders");
    BenchOrderTable.write(dir, ROWS);
    return JsonLinesTable.load(dir.resolve("schema.json"), dir.resolve("rows.jsonl"));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
  }

  @Benchmark
  public long encode() throws IOException {
    long[] total = {0};
    for (VectorSchemaRoot batch : batches) {
      encoder.encode(batch, 1 << 20, (buf, len, rows) -> total[0] += len);
    }
    return total[0];
  }
}
