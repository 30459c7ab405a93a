package io.bqsftp.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.cli.LocalBigQueryCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The standalone command's option handling (running it blocks until Ctrl-C, so only errors here). */
class LocalBigQueryCommandTest {
  @TempDir
  Path dir;

  private int run(StringWriter err, String... args) {
    CommandLine cli = new CommandLine(new LocalBigQueryCommand());
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void needsATable() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "--port", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--table, --demo-rows or --history-table");
  }

  @Test
  void rejectsMalformedTableOption() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "--port", "0", "--table", "p.d.t=schema.json")).isEqualTo(2);
    assertThat(err.toString()).contains("PROJECT.DATASET.TABLE=SCHEMA.json,ROWS.jsonl");
  }

  @Test
  void rejectsABadHistoryTableName() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "--port", "0", "--history-table", "not-a-table")).isEqualTo(2);
    assertThat(err.toString()).contains("--history-table must be project.dataset.table");
  }

  @Test
  void reportsBadTableFiles() throws Exception {
    Path schema = Files.writeString(dir.resolve("s.json"), "[{\"name\": \"x\", \"type\": \"INT64\"}]");
    Path rows = Files.writeString(dir.resolve("r.jsonl"), "{\"x\": \"one\"}\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "--port", "0", "--table", "my-project.d.t=" + schema + "," + rows)).isEqualTo(2);
    assertThat(err.toString()).contains("r.jsonl line 1 field x");
  }

  @Test
  void rejectsBadServerOptionsNamingThem() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "--port", "0", "--demo-rows", "1", "--read-delay-ms", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--read-delay-ms must be >= 0");
    err = new StringWriter();
    assertThat(run(err, "--port", "0", "--demo-rows", "1", "--fail-after-rows", "5", "--fail-code", "OK")).isEqualTo(2);
    assertThat(err.toString()).contains("--fail-code must not be OK");
    err = new StringWriter();
    assertThat(run(err, "--port", "0", "--demo-rows", "1", "--fail-code", "NOT_A_CODE")).isEqualTo(2);
    assertThat(err.toString()).contains("--fail-code");
  }
}
