package io.bqsftp.bench;

import io.bqsftp.csv.ArrowCsvEncoder;
import io.bqsftp.csv.CsvFormat;
import io.bqsftp.local.LocalTable;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the CSV of a bench table ({@code orders} or {@code allTypes}, {@link CsvEncodeBench}'s
 * 200,000 rows) to a file, for the deflate benches and command-line tools:
 * {@code CsvFile orders target/orders.csv}.
 */
public final class CsvFile {
  private CsvFile() {}

  public static void main(String[] args) throws Exception {
    LocalTable source = CsvEncodeBench.load(args[0]);
    ArrowCsvEncoder encoder = new ArrowCsvEncoder(source.schema(), CsvFormat.BIGQUERY_DEFAULT);
    try (BufferAllocator allocator = new RootAllocator();
        OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      for (long from = 0; from < CsvEncodeBench.ROWS; from += CsvEncodeBench.BATCH) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(source.schema(), allocator)) {
          source.fill(root, from, (int) Math.min(CsvEncodeBench.BATCH, CsvEncodeBench.ROWS - from));
          encoder.encode(root, 1 << 20, (buf, len, rows) -> out.write(buf, 0, len));
        }
      }
    }
  }
}
