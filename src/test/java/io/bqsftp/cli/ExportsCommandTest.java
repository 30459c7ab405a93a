package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code exports}: name, table, type and folder of each export, sorted; no credential anywhere. */
class ExportsCommandTest {
  @TempDir Path dir;

  private Path config() throws Exception {
    JsonObject json = new JsonObject()
        .put("sftp", new JsonObject().put("host", "sftp.example.com").put("username", "partner")
            .put("password", "pa55-secret-word").put("directory", "/uploads")
            .put("host_key_fingerprint", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .put("exports", new JsonObject()
            .put("product_data", new JsonObject().put("source_table", "my-project.sales.products").put("export_type", "full"))
            .put("customer_data", new JsonObject().put("source_table", "my-project.sales.customers").put("export_type", "date_range")
                .put("date_column", "updated_at").put("days_lookback", 7).put("directory", "customers")));
    return Files.writeString(dir.resolve("config.json"), json.encodePrettily());
  }

  private String[] run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = new CommandLine(new ExportsCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  @Test
  void listsEveryExportWithoutSecrets() throws Exception {
    String[] result = run("--config", config().toString());

    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(result[1].lines().toList()).containsExactly(
        "NAME           TABLE                       TYPE                                 FOLDER",
        "customer_data  my-project.sales.customers  date_range(updated_at, 7 days back)  /uploads/customers",
        "product_data   my-project.sales.products   full                                 /uploads");
    assertThat(result[1] + result[2]).doesNotContain("pa55-secret-word");
  }

  @Test
  void jsonListsTheSameFields() throws Exception {
    String[] result = run("--config", config().toString(), "--json");

    JsonObject json = new JsonObject(result[1]);
    assertThat(json.getJsonArray("exports")).hasSize(2);
    assertThat(json.getJsonArray("exports").getJsonObject(1).getMap()).containsEntry("name", "product_data")
        .containsEntry("source_table", "my-project.sales.products").containsEntry("export_type", "full").containsEntry("folder", "/uploads");
    assertThat(result[1]).doesNotContain("pa55-secret-word", "partner", "sftp.example.com");
  }

  @Test
  void invalidConfigExitsTwo() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"sftp\": {}}");
    String[] result = run("--config", bad.toString());
    assertThat(result[0]).isEqualTo("2");
    assertThat(result[2]).contains("invalid configuration");
  }
}
