package io.bqsftp.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.cli.BenchOrderTable;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.JsonLinesTable;
import io.bqsftp.local.LocalTable;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The formatter's output on whole generated tables must stay byte-identical across speed work:
 * the digests were taken with the formatter as it was before the byte-level optimisations
 * (commit f5d99bd), whose text the value-level tests pin down.
 */
class FormatterDigestTest {
  @TempDir Path dir;

  @Test
  void allTypesTableTextIsUnchanged() throws Exception {
    String semicolon = digest(DemoTable.generate(30_000), ';');
    String comma = digest(DemoTable.generate(30_000), ',');
    assertThat(semicolon).isEqualTo(ALL_TYPES_SEMICOLON);
    assertThat(comma).isEqualTo(ALL_TYPES_COMMA);
  }

  @Test
  void orderTableTextIsUnchanged() throws Exception {
    BenchOrderTable.write(dir, 30_000);
    LocalTable orders = JsonLinesTable.load(dir.resolve("schema.json"), dir.resolve("rows.jsonl"));
    assertThat(digest(orders, ',')).isEqualTo(ORDERS_COMMA);
  }

  static final String ALL_TYPES_SEMICOLON =
      "2481bed87f2653e0289aaa1023b5826e118bf69235876e8b236e28ee007a2227";
  static final String ALL_TYPES_COMMA =
      "b69a82fa4f71e85b5b0c9dff35edc12a8cb67bbd3e392cab414ae30f44ca1718";
  static final String ORDERS_COMMA =
      "e426d98ac1bde27b8d7c66dcedf80282e125e39c5cf0f20993fcd0af363799a6";

  /** SHA-256 of the CSV text, in batches of 4,096 rows like the Read API sends. */
  static String digest(LocalTable table, char delimiter) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    ArrowCsvEncoder encoder = new ArrowCsvEncoder(table.schema(), new CsvFormat(delimiter, true));
    sha.update(encoder.header());
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(table.schema(), allocator)) {
      for (long from = 0; from < table.rowCount(); from += 4096) {
        table.fill(root, from, (int) Math.min(4096, table.rowCount() - from));
        encoder.encode(root, 64 * 1024, (bytes, length, rows) -> sha.update(bytes, 0, length));
      }
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    return hex;
  }
}
