package io.bqsftp.faults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The fault matrix's source table as files for {@code local-bigquery --table}: {@code rows} rows
 * whose {@code id} runs 0..rows-1, so that "every row exactly once" is checked by id, and a
 * random {@code payload} that does not compress away, so that a small table still makes several
 * parts.
 */
record IdTable(String name, Path schema, Path rows, long rowCount) {
  static final String NAME = "fault-matrix.data.ids";

  static IdTable write(Path dir, long rowCount) throws IOException {
    Files.createDirectories(dir);
    Path schema = Files.writeString(dir.resolve("ids.schema.json"), """
        [{"name": "id", "type": "INTEGER", "mode": "REQUIRED"},
         {"name": "payload", "type": "STRING", "mode": "NULLABLE"}]
        """);
    Path rows = dir.resolve("ids.jsonl");
    var random = new SplittableRandom(20240701);
    byte[] bytes = new byte[24];
    try (BufferedWriter out = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
      for (long id = 0; id < rowCount; id++) {
        random.nextBytes(bytes);
        out.write("{\"id\": " + id + ", \"payload\": \"" + HexFormat.of().formatHex(bytes) + "\"}\n");
      }
    }
    return new IdTable(NAME, schema, rows, rowCount);
  }

  /** The {@code --table} argument of {@code local-bigquery}. */
  String tableOption() {
    return name + "=" + schema + "," + rows;
  }
}
