package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.CsvFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The newcomer's first command, run in-process with its real servers. */
class DemoCommandTest {
  @TempDir Path dir;

  private Result demo(String... args) {
    PrintStream original = System.out;
    var captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new DemoCommand()).execute(args);
      return new Result(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  record Result(int exit, String out) {}

  @Test
  void exportsTheGeneratedTableIntoTheOutFolder() throws Exception {
    Path out = dir.resolve("out");
    Result result = demo("--rows", "3000", "--out", out.toString(), "--state", dir.resolve("state").toString());

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("demo: 3000 rows, 1 file(s)").contains("MB/s of CSV");
    List<Path> files;
    try (var list = Files.list(out)) {
      files = list.toList();
    }
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString()).matches("demo_all_types_\\d{8}-000000000000\\.csv\\.gz");
    assertThat(result.out()).contains("demo: file " + files.get(0).toAbsolutePath());
    assertThat(CsvFiles.records(CsvFiles.text(files.get(0)), ',')).hasSize(3001);
    assertThat(Files.readString(dir.resolve("state/ledger.jsonl")))
        .contains("\"status\":\"succeeded\"").contains(files.get(0).getFileName().toString());
  }

  @Test
  void servesTheUsersOwnTable() throws Exception {
    Path schema = Files.writeString(dir.resolve("schema.json"), """
        [{"name": "id", "type": "INTEGER", "mode": "REQUIRED"},
         {"name": "name", "type": "STRING"},
         {"name": "price", "type": "NUMERIC"},
         {"name": "seen", "type": "TIMESTAMP"}]
        """);
    Path rows = Files.writeString(dir.resolve("rows.jsonl"), """
        {"id": 1, "name": "plain", "price": "1.50", "seen": "2025-03-17 10:00:00 UTC"}
        {"id": 2, "name": "with \\"quote\\", comma", "price": null, "seen": "2025-03-17T10:00:00.5Z"}
        """);
    Path out = dir.resolve("own");
    Result result = demo("--schema", schema.toString(), "--rows-file", rows.toString(), "--out", out.toString(), "--no-compress",
        "--state", dir.resolve("state").toString());

    assertThat(result.exit()).isZero();
    Path file;
    try (var list = Files.list(out)) {
      file = list.findFirst().orElseThrow();
    }
    assertThat(Files.readString(file).lines().sorted()).containsExactly(
        "1,plain,1.5,2025-03-17 10:00:00 UTC",
        "2,\"with \"\"quote\"\", comma\",,2025-03-17 10:00:00.5 UTC",
        "id,name,price,seen");
  }

  @Test
  void recordsTheHistoryInBigQueryTablesOnTheLocalServer() throws Exception {
    Result result = demo("--rows", "500", "--out", dir.resolve("out").toString(), "--state", dir.resolve("state").toString(),
        "--history-table", "demo-project.ops.export_metadata");

    assertThat(result.exit()).as(result.out()).isZero();
    // started + finished, and the one file sealed then landed: appended through the Storage Write API.
    assertThat(result.out()).contains("demo: export history in demo-project.ops.export_metadata (2 run events)"
        + " and demo-project.ops.export_metadata_files (2 file events)");
    assertThat(result.out()).doesNotContain("ledger_error");
    assertThat(dir.resolve("state/ledger.jsonl")).doesNotExist();
  }

  @Test
  void schemaWithoutRowsIsABadRequest() {
    Result result = demo("--schema", "s.json", "--out", dir.toString());
    assertThat(result.exit()).isEqualTo(2);
  }
}
