package io.bqsftp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

  /** Verbatim from the seed's README. */
  static final String SEED_JSON = """
      {
          "sftp": {
              "host": "sftp.example.com",
              "port": 22,
              "username": "user",
              "password": "password",
              "directory": "/uploads"
          },
          "gcs": {
              "bucket": "my-export-bucket"
          },
          "metadata": {
              "export_metadata_table": "project.dataset.export_metadata"
          },
          "exports": {
              "product_data": {
                  "source_table": "project.dataset.products",
                  "compress": true,
                  "export_type": "date_range",
                  "date_column": "modified_date",
                  "days_lookback": 30
              },
              "customer_data": {
                  "source_table": "project.dataset.customers",
                  "compress": true,
                  "export_type": "full"
              }
          }
      }
      """;

  @TempDir Path tmp;

  static JsonObject seed() {
    return new JsonObject(SEED_JSON);
  }

  /** A minimal valid config to vary one field at a time. */
  static JsonObject minimal() {
    return new JsonObject()
        .put("sftp", new JsonObject().put("host", "h").put("username", "u").put("password", "p"))
        .put("exports", new JsonObject().put("x", new JsonObject()
            .put("source_table", "proj.ds.t").put("export_type", "full")));
  }

  static JsonObject exportX(JsonObject json) {
    return json.getJsonObject("exports").getJsonObject("x");
  }

  static List<String> problems(JsonObject json) {
    return problems(json, Map.of());
  }

  static List<String> problems(JsonObject json, Map<String, String> env) {
    try {
      ConfigLoader.fromJson(json, env);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected a ConfigException");
  }

  // --- the seed ---------------------------------------------------------------------------

  @Test
  void seedReadmeJsonLoadsUnchanged() {
    ServiceConfig c = ConfigLoader.fromJson(seed(), Map.of());

    SftpConfig sftp = c.sftp();
    assertThat(sftp.host()).isEqualTo("sftp.example.com");
    assertThat(sftp.port()).isEqualTo(22);
    assertThat(sftp.username()).isEqualTo("user");
    assertThat(sftp.password()).map(Secret::reveal).contains("password");
    assertThat(sftp.directory()).isEqualTo("/uploads");
    assertThat(sftp.hostKeyVerificationConfigured()).isFalse();
    assertThat(sftp.insecureSkipHostKeyVerification()).isFalse();
    assertThat(c.gcsBucket()).contains("my-export-bucket");
    assertThat(c.exportMetadataTable()).contains("project.dataset.export_metadata");
    assertThat(c.exports()).containsOnlyKeys("product_data", "customer_data");
    assertThat(c.exports().keySet()).containsExactly("product_data", "customer_data");

    ExportConfig product = c.export("product_data").orElseThrow();
    assertThat(product.name()).isEqualTo("product_data");
    assertThat(product.table()).isEqualTo(new TableId("project", "dataset", "products"));
    assertThat(product.compress()).isTrue();
    assertThat(product.exportType()).isEqualTo(ExportType.DATE_RANGE);
    assertThat(product.dateColumn()).contains("modified_date");
    assertThat(product.daysLookback()).isEqualTo(30);

    ExportConfig customer = c.export("customer_data").orElseThrow();
    assertThat(customer.exportType()).isEqualTo(ExportType.FULL);
    assertThat(customer.dateColumn()).isEmpty();
    assertThat(customer.daysLookback()).isZero();
  }

  @Test
  void defaultsApply() {
    ServiceConfig c = ConfigLoader.fromJson(minimal(), Map.of());

    assertThat(c.sftp().port()).isEqualTo(22);
    assertThat(c.sftp().directory()).isEqualTo(".");
    assertThat(c.sftp().maxConnections()).isEqualTo(4);
    assertThat(c.sftp().connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.sftp().writesInFlight()).isEqualTo(64);
    assertThat(c.sftp().uploadAttempts()).isEqualTo(3);
    assertThat(c.bigquery()).isEqualTo(
        new BigQueryConfig(Optional.empty(), Optional.empty(), 4, false));
    assertThat(c.gcsBucket()).isEmpty();
    assertThat(c.exportMetadataTable()).isEmpty();
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.maxConcurrentExports()).isEqualTo(2);
    assertThat(c.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.stagingDirectory()).isEqualTo("staging");
    assertThat(c.ledgerFile()).isEqualTo("ledger/exports.jsonl");
    assertThat(c.debug()).isFalse();

    ExportConfig x = c.export("x").orElseThrow();
    assertThat(x.compress()).isTrue();
    assertThat(x.fieldDelimiter()).isEqualTo(',');
    assertThat(x.printHeader()).isTrue();
    assertThat(x.maxFileBytes()).isEqualTo(1_000_000_000L);
    assertThat(x.fileNameTemplate()).isEqualTo("{export_name}_{date}-{part}.{ext}");
    assertThat(x.directory()).isEmpty();
    assertThat(x.compressionLevel()).isEqualTo(1);
  }

  @Test
  void everyNewKeyIsRead() throws Exception {
    Path known = Files.writeString(tmp.resolve("known_hosts"), "h ssh-ed25519 AAAA\n");
    Path key = Files.writeString(tmp.resolve("id"), "KEY");
    JsonObject json = minimal();
    json.getJsonObject("sftp").remove("password");
    json.getJsonObject("sftp")
        .put("private_key_file", key.toString()).put("private_key_passphrase", "pp")
        .put("known_hosts_file", known.toString())
        .put("max_connections", 8).put("connect_timeout_seconds", 5)
        .put("writes_in_flight", 16).put("upload_attempts", 5);
    json.put("bigquery", new JsonObject().put("endpoint", "bq.internal:9060")
        .put("billing_project", "billing").put("max_streams", 2).put("plaintext", true));
    json.put("server", new JsonObject().put("port", 0))
        .put("max_concurrent_exports", 3).put("shutdown_grace_seconds", 10)
        .put("staging_directory", "/var/staging").put("ledger_file", "/var/ledger.jsonl")
        .put("debug", true);
    exportX(json).put("compress", false).put("field_delimiter", "tab").put("print_header", false)
        .put("max_file_bytes", 5_000_000_000L).put("file_name_template", "{date}_{part}.{ext}")
        .put("directory", "out/x").put("compression_level", 9);

    ServiceConfig c = ConfigLoader.fromJson(json, Map.of());

    assertThat(c.sftp().privateKeyFile()).contains(key.toString());
    assertThat(c.sftp().privateKeyPassphrase()).map(Secret::reveal).contains("pp");
    assertThat(c.sftp().knownHostsFile()).contains(known.toString());
    assertThat(c.sftp().hostKeyVerificationConfigured()).isTrue();
    assertThat(c.sftp().maxConnections()).isEqualTo(8);
    assertThat(c.sftp().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.sftp().writesInFlight()).isEqualTo(16);
    assertThat(c.sftp().uploadAttempts()).isEqualTo(5);
    assertThat(c.bigquery()).isEqualTo(
        new BigQueryConfig(Optional.of("bq.internal:9060"), Optional.of("billing"), 2, true));
    assertThat(c.httpPort()).isZero();
    assertThat(c.maxConcurrentExports()).isEqualTo(3);
    assertThat(c.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.stagingDirectory()).isEqualTo("/var/staging");
    assertThat(c.ledgerFile()).isEqualTo("/var/ledger.jsonl");
    assertThat(c.debug()).isTrue();
    ExportConfig x = c.export("x").orElseThrow();
    assertThat(x.compress()).isFalse();
    assertThat(x.fieldDelimiter()).isEqualTo('\t');
    assertThat(x.printHeader()).isFalse();
    assertThat(x.maxFileBytes()).isEqualTo(5_000_000_000L);
    assertThat(x.fileNameTemplate()).isEqualTo("{date}_{part}.{ext}");
    assertThat(x.directory()).isEqualTo("out/x");
    assertThat(x.compressionLevel()).isEqualTo(9);
  }

  @Test
  void plaintextDefaultsToTrueOnlyForLoopbackEndpoints() {
    for (String endpoint : List.of("127.0.0.1:9060", "localhost:1", "[::1]:9060")) {
      JsonObject json = minimal().put("bigquery", new JsonObject().put("endpoint", endpoint));
      assertThat(ConfigLoader.fromJson(json, Map.of()).bigquery().plaintext()).as(endpoint).isTrue();
    }
    JsonObject remote = minimal().put("bigquery", new JsonObject().put("endpoint", "bq:443"));
    assertThat(ConfigLoader.fromJson(remote, Map.of()).bigquery().plaintext()).isFalse();
    JsonObject forced = minimal().put("bigquery", new JsonObject()
        .put("endpoint", "localhost:9060").put("plaintext", false));
    assertThat(ConfigLoader.fromJson(forced, Map.of()).bigquery().plaintext()).isFalse();
  }

  @Test
  void delimiterAcceptsOneCharacterTabSpellingsOnly() {
    for (var entry : Map.of("\t", '\t', "\\t", '\t', "tab", '\t', "TAB", '\t', ";", ';', "|", '|')
        .entrySet()) {
      JsonObject json = minimal();
      exportX(json).put("field_delimiter", entry.getKey());
      assertThat(ConfigLoader.fromJson(json, Map.of()).export("x").orElseThrow().fieldDelimiter())
          .isEqualTo(entry.getValue());
    }
    JsonObject json = minimal();
    exportX(json).put("field_delimiter", ";;");
    assertThat(problems(json)).containsExactly("exports.x.field_delimiter: must be exactly one "
        + "character (or \"\\t\" / \"tab\") (got \";;\")");
    exportX(json).put("field_delimiter", "\"");
    assertThat(problems(json)).singleElement().asString()
        .startsWith("exports.x.field_delimiter: must not be a double quote or a line break");
  }

  @Test
  void cipherOrderDefaultsToCheapestFirstAndCanBeSet() {
    assertThat(ConfigLoader.fromJson(minimal(), Map.of()).sftp().ciphers())
        .containsExactlyElementsOf(SftpConfig.DEFAULT_CIPHERS)
        .startsWith("aes128-gcm@openssh.com");
    JsonObject json = minimal();
    json.getJsonObject("sftp").put("ciphers", " aes256-ctr, aes128-gcm@openssh.com ,");
    assertThat(ConfigLoader.fromJson(json, Map.of()).sftp().ciphers())
        .containsExactly("aes256-ctr", "aes128-gcm@openssh.com");
    assertThat(ConfigLoader.fromJson(minimal(), Map.of("SFTP_CIPHERS", "aes128-ctr")).sftp().ciphers())
        .containsExactly("aes128-ctr");
  }

  @Test
  void unknownCipherIsRejectedByName() {
    JsonObject json = minimal();
    json.getJsonObject("sftp").put("ciphers", "aes128-ctr,rot13");
    assertThat(problems(json)).singleElement().asString()
        .startsWith("sftp.ciphers: unknown cipher \"rot13\"");
    json.getJsonObject("sftp").put("ciphers", " , ");
    assertThat(problems(json)).containsExactly("sftp.ciphers: must name at least one cipher (got \" , \")");
  }

  // --- env overrides ------------------------------------------------------------------------

  @Test
  void environmentOverridesWin() throws Exception {
    Path known = Files.writeString(tmp.resolve("kh"), "");
    Map<String, String> env = new HashMap<>();
    env.put("SFTP_HOST", "env-host");
    env.put("SFTP_PORT", "2222");
    env.put("SFTP_USERNAME", "env-user");
    env.put("SFTP_PASSWORD", "env-secret");
    env.put("SFTP_DIRECTORY", "/env");
    env.put("GCS_BUCKET", "env-bucket");
    env.put("EXPORT_METADATA_TABLE", "proj.ds.env_meta");
    env.put("DEBUG", "True");
    env.put("PORT", "9090");
    env.put("SFTP_KNOWN_HOSTS_FILE", known.toString());
    env.put("SFTP_HOST_KEY_FINGERPRINT", "SHA256:abc");
    env.put("BIGQUERY_ENDPOINT", "127.0.0.1:9060");

    ServiceConfig c = ConfigLoader.fromJson(seed(), env);

    assertThat(c.sftp().host()).isEqualTo("env-host");
    assertThat(c.sftp().port()).isEqualTo(2222);
    assertThat(c.sftp().username()).isEqualTo("env-user");
    assertThat(c.sftp().password()).map(Secret::reveal).contains("env-secret");
    assertThat(c.sftp().directory()).isEqualTo("/env");
    assertThat(c.sftp().knownHostsFile()).contains(known.toString());
    assertThat(c.sftp().hostKeyFingerprint()).contains("SHA256:abc");
    assertThat(c.gcsBucket()).contains("env-bucket");
    assertThat(c.exportMetadataTable()).contains("proj.ds.env_meta");
    assertThat(c.debug()).isTrue();
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.bigquery().endpoint()).contains("127.0.0.1:9060");
    assertThat(c.bigquery().plaintext()).isTrue();
  }

  @Test
  void envOnlyConfigurationIsEnough() {
    ServiceConfig c = ConfigLoader.fromJson(new JsonObject(),
        Map.of("SFTP_HOST", "h", "SFTP_USERNAME", "u", "SFTP_PASSWORD", "p"));
    assertThat(c.sftp().host()).isEqualTo("h");
    assertThat(c.exports()).isEmpty();
  }

  @Test
  void debugReadsLikeTheSeed() {
    for (String on : List.of("True", "true", "1", "TRUE")) {
      assertThat(ConfigLoader.fromJson(minimal(), Map.of("DEBUG", on)).debug()).as(on).isTrue();
    }
    JsonObject debugInFile = minimal().put("debug", true);
    for (String off : List.of("False", "false", "0", "no")) {
      assertThat(ConfigLoader.fromJson(debugInFile, Map.of("DEBUG", off)).debug()).as(off).isFalse();
    }
  }

  @Test
  void emptyEnvironmentVariablesAreUnset() {
    ServiceConfig c = ConfigLoader.fromJson(seed(), Map.of("SFTP_HOST", "", "SFTP_PASSWORD", ""));
    assertThat(c.sftp().host()).isEqualTo("sftp.example.com");
    assertThat(c.sftp().password()).map(Secret::reveal).contains("password");
  }

  @Test
  void badEnvironmentValueNamesTheVariable() {
    assertThat(problems(seed(), Map.of("SFTP_PORT", "abc", "PORT", "99999")))
        .containsExactly(
            "sftp.port (from SFTP_PORT): must be a whole number (got \"abc\")",
            "server.port (from PORT): must be a whole number between 0 and 65535 (got \"99999\")");
  }

  // --- *_FILE secrets -------------------------------------------------------------------------

  @Test
  void passwordFileIsReadAndTrimmed() throws Exception {
    Path file = Files.writeString(tmp.resolve("pw"), "  s3cret\n");
    ServiceConfig c = ConfigLoader.fromJson(seed(), Map.of("SFTP_PASSWORD_FILE", file.toString()));
    assertThat(c.sftp().password()).map(Secret::reveal).contains("s3cret");

    Path pp = Files.writeString(tmp.resolve("pp"), "phrase\n");
    Path key = Files.writeString(tmp.resolve("key"), "KEY");
    ServiceConfig withKey = ConfigLoader.fromJson(minimal(), Map.of(
        "SFTP_PRIVATE_KEY_FILE", key.toString(),
        "SFTP_PRIVATE_KEY_PASSPHRASE_FILE", pp.toString()));
    assertThat(withKey.sftp().privateKeyFile()).contains(key.toString());
    assertThat(withKey.sftp().privateKeyPassphrase()).map(Secret::reveal).contains("phrase");
  }

  @Test
  void secretFileProblems() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    Path missing = tmp.resolve("missing");
    assertThat(problems(seed(), Map.of("SFTP_PASSWORD_FILE", missing.toString())))
        .containsExactly("sftp.password (from SFTP_PASSWORD_FILE): file " + missing
            + " does not exist");
    assertThat(problems(seed(), Map.of("SFTP_PASSWORD_FILE", empty.toString())))
        .containsExactly("sftp.password (from SFTP_PASSWORD_FILE): file " + empty + " is empty");
    JsonObject noPassword = seed();
    noPassword.getJsonObject("sftp").remove("password");
    assertThat(problems(noPassword, Map.of("SFTP_PASSWORD_FILE", missing.toString())))
        .as("no second 'password is required' line")
        .containsExactly("sftp.password (from SFTP_PASSWORD_FILE): file " + missing
            + " does not exist");
    assertThat(problems(seed(), Map.of("SFTP_PASSWORD_FILE", empty.toString(),
        "SFTP_PASSWORD", "x")))
        .containsExactly("sftp.password: set only one of SFTP_PASSWORD and SFTP_PASSWORD_FILE");
  }

  @Test
  void inlineKeyWithEscapedNewlinesIsUnescaped() {
    JsonObject json = minimal();
    json.getJsonObject("sftp").remove("password");
    ServiceConfig c = ConfigLoader.fromJson(json,
        Map.of("SFTP_PRIVATE_KEY", "-----BEGIN KEY-----\\nAAAA\\n-----END KEY-----"));
    assertThat(c.sftp().privateKey()).map(Secret::reveal)
        .contains("-----BEGIN KEY-----\nAAAA\n-----END KEY-----");
  }

  // --- secrets never shown --------------------------------------------------------------------

  @Test
  void configsCompareByValue() {
    assertThat(ConfigLoader.fromJson(seed(), Map.of())).isEqualTo(ConfigLoader.fromJson(seed(), Map.of()));
  }

  @Test
  void secretsAreMaskedInToString() {
    JsonObject json = seed();
    json.getJsonObject("sftp").put("private_key", "PRIVATE-KEY-TEXT")
        .put("private_key_passphrase", "PASSPHRASE-TEXT");
    json.getJsonObject("sftp").put("password", "hunter2-pw");
    ServiceConfig c = ConfigLoader.fromJson(json, Map.of());
    String text = c.toString();
    assertThat(text).doesNotContain("hunter2-pw", "PRIVATE-KEY-TEXT", "PASSPHRASE-TEXT")
        .contains("******", "sftp.example.com");
  }

  @Test
  void secretsAreNeverInErrorMessages() {
    JsonObject json = seed();
    json.getJsonObject("sftp").put("password", List.of("hunter2-list"))
        .put("pasword", "hunter2-typo")
        .put("private_key_passphrase", 12345678);
    ConfigException e = catchConfig(json, Map.of("SFTP_PRIVATE_KEY", "hunter2-key"));
    assertThat(e.getMessage()).doesNotContain("hunter2", "12345678");
    assertThat(e.problems()).contains(
        "sftp.password: must be a string",
        "sftp.pasword: unknown key (did you mean sftp.password?)",
        "sftp.private_key_passphrase: must be a string");
  }

  // --- validation messages ----------------------------------------------------------------------

  @Test
  void requiredSettings() {
    assertThat(problems(new JsonObject())).containsExactly(
        "sftp.host: is required (set it in the config file or SFTP_HOST)",
        "sftp.username: is required (set it in the config file or SFTP_USERNAME)",
        "sftp.password: a password or a private key is required (set sftp.password / "
            + "SFTP_PASSWORD, sftp.private_key_file / SFTP_PRIVATE_KEY_FILE or sftp.private_key "
            + "/ SFTP_PRIVATE_KEY)");
  }

  @Test
  void allProblemsAreReportedTogether() {
    JsonObject json = seed();
    json.getJsonObject("sftp").put("port", "abc").remove("host");
    json.getJsonObject("exports").getJsonObject("product_data").put("days_lookback", -1);
    json.getJsonObject("exports").getJsonObject("customer_data").put("export_type", "weekly");

    ConfigException e = catchConfig(json, Map.of());

    assertThat(e.problems()).containsExactly(
        "sftp.host: is required (set it in the config file or SFTP_HOST)",
        "sftp.port: must be a whole number (got \"abc\")",
        "exports.product_data.days_lookback: must be a whole number >= 0 (got -1)",
        "exports.customer_data.export_type: must be one of full, date_range (got \"weekly\")");
    assertThat(e.getMessage()).startsWith("Invalid configuration (4 problems):\n  - sftp.host");
  }

  @Test
  void jsonTypesAreNamed() {
    JsonObject json = minimal();
    json.getJsonObject("sftp").put("port", 22.5).put("max_connections", 0);
    json.put("debug", "yes").put("server", new JsonObject().put("port", true));
    exportX(json).put("compress", "true").put("source_table", 42);
    assertThat(problems(json)).containsExactlyInAnyOrder(
        "sftp.port: must be a whole number (got 22.5)",
        "sftp.max_connections: must be a whole number between 1 and 64 (got 0)",
        "debug: must be true or false (got \"yes\")",
        "server.port: must be a whole number (got true)",
        "exports.x.compress: must be true or false (got \"true\")",
        "exports.x.source_table: must be a string (got 42)");
  }

  @Test
  void wholeNumbersMayBeWrittenWithZeroFraction() {
    JsonObject json = minimal();
    exportX(json).put("days_lookback", 30.0);
    assertThat(ConfigLoader.fromJson(json, Map.of()).export("x").orElseThrow().daysLookback())
        .isEqualTo(30);
  }

  @Test
  void nullMeansUnset() {
    JsonObject json = seed();
    json.getJsonObject("sftp").putNull("port");
    assertThat(ConfigLoader.fromJson(json, Map.of()).sftp().port()).isEqualTo(22);
  }

  @Test
  void unknownKeysAndSectionsAreProblems() {
    JsonObject json = minimal().put("sftpp", new JsonObject()).put("server", "8080")
        .put("export", new JsonObject())
        .put("bigquery", new JsonObject().put("max_stream", 2));
    exportX(json).put("days_lookbak", 3);
    assertThat(problems(json)).containsExactly(
        "sftpp: unknown key (did you mean sftp?)",
        "server: must be an object (got a string)",
        "export: unknown key (did you mean exports?)",
        "bigquery.max_stream: unknown key (did you mean bigquery.max_streams?)",
        "exports.x.days_lookbak: unknown key (did you mean days_lookback?)");
  }

  @Test
  void exportShapeProblems() {
    JsonObject json = minimal();
    json.getJsonObject("exports").put("bad name", new JsonObject()).put("y", "full")
        .put("z", new JsonObject().put("export_type", "date_range").put("source_table", "nodots"));
    assertThat(problems(json)).containsExactly(
        "exports: export name \"bad name\" must match [A-Za-z0-9_-]{1,100} (it is used in file "
            + "names and URLs)",
        "exports.y: must be an object (got a string)",
        "exports.z.source_table: must look like project.dataset.table (got \"nodots\")",
        "exports.z.date_column: is required when export_type is date_range");
    assertThat(problems(minimal().put("exports", List.of())))
        .containsExactly("exports: must be an object of export name to settings (got a list)");
  }

  @Test
  void dateColumnMustBeAPlainIdentifier() {
    JsonObject json = minimal();
    exportX(json).put("export_type", "date_range").put("date_column", "d; DROP TABLE x");
    assertThat(problems(json)).containsExactly("exports.x.date_column: must match "
        + "`[A-Za-z_][A-Za-z0-9_]*` (got \"d; DROP TABLE x\")");
  }

  @Test
  void fileNameTemplateRules() {
    Map<String, String> cases = Map.of(
        "{export_name}.{ext}", "must contain {part}",
        "../{part}.{ext}", "must not contain /, \\ or ..",
        "a\\{part}", "must not contain /, \\ or ..",
        "{part}{when}", "unknown placeholder {when} (allowed: {export_name}, {date}, {part}, {ext})",
        "{part}}", "has an unmatched { or }");
    cases.forEach((template, message) -> {
      JsonObject json = minimal();
      exportX(json).put("file_name_template", template);
      assertThat(problems(json)).as(template).containsExactly("exports.x.file_name_template: "
          + message + " (got " + ScopeReader.describe(template) + ")");
    });
    assertThat(FileNameTemplate.render(ExportConfig.DEFAULT_FILE_NAME_TEMPLATE, "product_data",
        "20250317", 0, true)).isEqualTo("product_data_20250317-000000000000.csv.gz");
    assertThat(FileNameTemplate.render("{date}-{part}.{ext}", "x", "20250317", 12, false))
        .isEqualTo("20250317-000000000012.csv");
  }

  @Test
  void exportDirectoryStaysBelowTheBase() {
    for (var c : Map.of("/abs", "must be a relative path (no leading /)",
        "a/../b", "must not contain .. segments", "..", "must not contain .. segments").entrySet()) {
      JsonObject json = minimal();
      exportX(json).put("directory", c.getKey());
      assertThat(problems(json)).containsExactly("exports.x.directory: " + c.getValue()
          + " (got \"" + c.getKey() + "\")");
    }
  }

  @Test
  void exportsMayNotOverwriteEachOther() {
    JsonObject json = minimal();
    exportX(json).put("file_name_template", "{date}-{part}.{ext}");
    json.getJsonObject("exports").put("y", exportX(json).copy());
    assertThat(problems(json)).containsExactly("exports.y.file_name_template: would write the "
        + "same file names as exports.x in the same directory; add {export_name} or a directory");
    json.getJsonObject("exports").getJsonObject("y").put("directory", "y");
    assertThat(ConfigLoader.fromJson(json, Map.of()).exports()).hasSize(2);
  }

  @Test
  void otherValueRules() {
    JsonObject json = minimal();
    json.getJsonObject("sftp").put("host_key_fingerprint", "MD5:aa").put("port", 70000);
    json.put("bigquery", new JsonObject().put("endpoint", "http://x").put("max_streams", 65));
    json.put("metadata", new JsonObject().put("export_metadata_table", "meta"));
    json.put("gcs", new JsonObject().put("bucket", "Bad_Bucket"));
    exportX(json).put("max_file_bytes", 1023).put("compression_level", 0);
    assertThat(problems(json)).containsExactlyInAnyOrder(
        "sftp.port: must be a whole number between 1 and 65535 (got 70000)",
        "sftp.host_key_fingerprint: must be an OpenSSH SHA256 fingerprint starting with "
            + "\"SHA256:\" (got \"MD5:aa\")",
        "gcs.bucket: must match a GCS bucket name (got \"Bad_Bucket\")",
        "metadata.export_metadata_table: must look like project.dataset.table (got \"meta\")",
        "bigquery.endpoint: must look like host:port (e.g. 127.0.0.1:9060) (got \"http://x\")",
        "bigquery.max_streams: must be a whole number between 1 and 64 (got 65)",
        "exports.x.max_file_bytes: must be a whole number >= 1024 (got 1023)",
        "exports.x.compression_level: must be a whole number between 1 and 9 (got 0)");
  }

  // --- authentication and host keys ---------------------------------------------------------------

  @Test
  void keyAndHostKeyCombinations() throws Exception {
    Path key = Files.writeString(tmp.resolve("key"), "KEY");
    JsonObject json = minimal();
    json.getJsonObject("sftp").put("private_key", "K").put("private_key_file", key.toString())
        .put("insecure_skip_host_key_verification", true)
        .put("host_key_fingerprint", "SHA256:x");
    assertThat(problems(json)).containsExactly(
        "sftp.private_key: set only one of sftp.private_key and sftp.private_key_file",
        "sftp.insecure_skip_host_key_verification: cannot be combined with "
            + "sftp.known_hosts_file or sftp.host_key_fingerprint");

    JsonObject passphraseOnly = minimal();
    passphraseOnly.getJsonObject("sftp").put("private_key_passphrase", "pp");
    assertThat(problems(passphraseOnly)).containsExactly(
        "sftp.private_key_passphrase: is set but no private key is configured");

    JsonObject insecure = minimal();
    insecure.getJsonObject("sftp").put("insecure_skip_host_key_verification", true);
    assertThat(ConfigLoader.fromJson(insecure, Map.of()).sftp().insecureSkipHostKeyVerification())
        .isTrue();
  }

  @Test
  void namedFilesMustExist() {
    JsonObject json = minimal();
    json.getJsonObject("sftp").remove("password");
    json.getJsonObject("sftp").put("private_key_file", tmp.resolve("nope").toString())
        .put("known_hosts_file", tmp.toString());
    assertThat(problems(json)).containsExactly(
        "sftp.private_key_file: file " + tmp.resolve("nope") + " does not exist",
        "sftp.known_hosts_file: file " + tmp + " does not exist");
  }

  static ConfigException catchConfig(JsonObject json, Map<String, String> env) {
    try {
      ConfigLoader.fromJson(json, env);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void problemsAreNotThrownAsStackTraces() {
    ConfigException e = catchConfig(new JsonObject(), Map.of());
    assertThat(e.getStackTrace()).isEmpty();
    assertThatThrownBy(() -> ConfigLoader.fromJson(new JsonObject(), Map.of()))
        .isInstanceOf(RuntimeException.class);
  }
}
