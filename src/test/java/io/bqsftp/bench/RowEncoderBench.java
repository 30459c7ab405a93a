package io.bqsftp.bench;

import io.bqsftp.csv.ArrowCsvEncoder;
import io.bqsftp.csv.CsvFormat;
import io.bqsftp.json.ArrowJsonEncoder;
import io.bqsftp.local.BigQueryArrowTypes;
import io.bqsftp.local.DemoTable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Time to render one 20 000-row batch of the all-types demo table as CSV (the baseline) or as JSON
 * lines ({@code format: json}), in 1 MiB chunks into a sink that only counts bytes.
 * Run: {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.openjdk.jmh.Main RowEncoderBench
 * -jvmArgsAppend --add-opens=java.base/java.nio=ALL-UNNAMED}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RowEncoderBench {
  static final int ROWS = 20_000;

  @Param({"csv", "json"})
  public String format;

  private RootAllocator allocator;
  private VectorSchemaRoot batch;
  private ArrowCsvEncoder csv;
  private ArrowJsonEncoder json;
  private long bytes;

  @Setup
  public void setUp() {
    DemoTable table = DemoTable.generate(ROWS);
    allocator = new RootAllocator();
    batch = VectorSchemaRoot.create(BigQueryArrowTypes.schema(table.columns()), allocator);
    table.fill(batch, 0, ROWS);
    csv = new ArrowCsvEncoder(batch.getSchema(), CsvFormat.BIGQUERY_DEFAULT);
    json = new ArrowJsonEncoder(batch.getSchema());
  }

  @TearDown
  public void tearDown() {
    batch.close();
    allocator.close();
  }

  @Benchmark
  public long encode() throws IOException {
    bytes = 0;
    if (format.equals("json")) {
      json.encode(batch, 1 << 20, (b, length, rows) -> bytes += length);
    } else {
      csv.encode(batch, 1 << 20, (b, length, rows) -> bytes += length);
    }
    return bytes;
  }
}
