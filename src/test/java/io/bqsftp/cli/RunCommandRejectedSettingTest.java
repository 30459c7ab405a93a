package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A column BigQuery rejects is the user's error: `run` exits 2 (bad request), naming the key. */
class RunCommandRejectedSettingTest {
  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void unknownColumnExitsTwoNamingTheKey() throws Exception {
    stack = LocalStack.start(dir, 100);
    JsonObject json = stack.configJson(Map.of("product_data",
        LocalStack.fullExport().put("columns", new JsonArray().add("id").add("no_such_column"))));
    Path config = Files.writeString(dir.resolve("config.json"), json.encodePrettily());
    PrintStream out = System.out;
    var stdout = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = new CommandLine(new RunCommand()).execute("--config", config.toString(), "--export", "product_data",
          "--date", "2024-06-30");
    } finally {
      System.setOut(out);
    }

    assertThat(exit).isEqualTo(2);
    JsonObject summary = new JsonObject(stdout.toString(StandardCharsets.UTF_8));
    assertThat(summary.getString("failed_stage")).isEqualTo("config");
    assertThat(summary.getString("error")).startsWith("exports.product_data.columns: ");
  }
}
