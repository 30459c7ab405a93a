package io.bqsftp.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/config.schema.json is generated from ConfigDef (like the reference tables), is what
 * conf/config.json points at, accepts that file and refuses what the loader refuses.
 */
class ConfigSchemaTest {
  static final Path SCHEMA = Path.of("conf", "config.schema.json");
  static final Path CONFIG = Path.of("conf", "config.json");

  static Validator validator() throws Exception {
    JsonObject schema = new JsonObject(Files.readString(SCHEMA));
    return Validator.create(JsonSchema.of(schema),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://bq-sftp-export.invalid/"));
  }

  static OutputUnit validate(JsonObject config) throws Exception {
    return validator().validate(config);
  }

  @Test
  void theCommittedSchemaIsUpToDate() throws Exception {
    assertThat(Files.readString(SCHEMA))
        .as(SCHEMA + " is stale: run io.bqsftp.config.ConfigSchema conf/config.schema.json")
        .isEqualTo(ConfigSchema.text());
  }

  @Test
  void describesEveryKey() {
    JsonObject schema = ConfigSchema.schema();
    for (ConfigKey<?> key : ConfigDef.SERVICE_KEYS) {
      JsonObject node = schema;
      for (String part : key.path().split("\\.")) {
        node = node.getJsonObject("properties").getJsonObject(part);
        assertThat(node).as(key.path()).isNotNull();
      }
      assertThat(node.getString("description")).as(key.path()).startsWith(key.doc());
    }
    JsonObject export = schema.getJsonObject("$defs").getJsonObject("export");
    for (ConfigKey<?> key : ConfigDef.EXPORT_KEYS) {
      JsonObject node = export;
      for (String part : key.relativePath().split("\\.")) { // encryption.pgp_public_key_file is nested
        node = node.getJsonObject("properties").getJsonObject(part);
        assertThat(node).as(key.path()).isNotNull();
      }
    }
    assertThat(export.getJsonArray("required")).containsExactly("source_table", "export_type");
  }

  @Test
  void theShippedConfigPointsAtTheSchemaValidatesAndLoads(@TempDir Path dir) throws Exception {
    JsonObject config = new JsonObject(Files.readString(CONFIG));
    assertThat(config.getString("$schema")).isEqualTo("./config.schema.json");
    assertThat(CONFIG.resolveSibling(config.getString("$schema"))).exists();
    OutputUnit result = validate(config);
    assertThat(result.getValid()).as(result.toString()).isTrue();
    // The loader ignores "$schema" (it is no setting) and reads the rest as before.
    Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
    ServiceConfig loaded = ConfigLoader.fromJson(config,
        Map.of("SFTP_PASSWORD", "from-env", "SFTP_KNOWN_HOSTS_FILE", knownHosts.toString()));
    assertThat(loaded.exports()).containsKeys("product_data", "customer_data");
  }

  @Test
  void refusesWhatTheLoaderRefuses() throws Exception {
    JsonObject good = new JsonObject(Files.readString(CONFIG));
    assertThat(validate(good.copy().put("sftp", good.getJsonObject("sftp").copy().put("port", 70000))).getValid()).isFalse();
    assertThat(validate(good.copy().put("sftp", good.getJsonObject("sftp").copy().put("pasword", "x"))).getValid()).isFalse();
    assertThat(validate(good.copy().put("max_concurrent_exports", "2")).getValid()).isFalse();
    JsonObject exports = good.getJsonObject("exports");
    assertThat(validate(good.copy().put("exports", exports.copy().put("bad name", exports.getJsonObject("customer_data"))))
        .getValid()).isFalse();
    assertThat(validate(good.copy().put("exports", new JsonObject().put("x",
        new JsonObject().put("source_table", "my-project.d.t").put("export_type", "weekly")))).getValid()).isFalse();
    assertThat(validate(good.copy().put("exports", new JsonObject().put("x",
        new JsonObject().put("export_type", "full")))).getValid()).isFalse();
    assertThat(validate(good.copy().put("exports", new JsonObject().put("x",
        new JsonObject().put("source_table", "not a table").put("export_type", "full")))).getValid()).isFalse();
    assertThat(validate(good.copy().put("metadata", new JsonObject().put("export_metadata_table", "my-project.ops.export_metadata")))
        .getValid()).isTrue();
  }
}
