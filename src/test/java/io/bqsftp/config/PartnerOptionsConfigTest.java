package io.bqsftp.config;

import static io.bqsftp.config.ConfigParserTest.exportX;
import static io.bqsftp.config.ConfigParserTest.minimal;
import static io.bqsftp.config.ConfigParserTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-partner export options of issue 13: what loads, and what is refused with which message. */
class PartnerOptionsConfigTest {

  @Test
  void columnsAndRowFilterAreOptional() {
    ExportConfig x = ConfigLoader.fromJson(minimal(), Map.of()).export("x").orElseThrow();
    assertThat(x.columns()).isEmpty();
    assertThat(x.rowFilter()).isEmpty();
  }

  @Test
  void columnsKeepTheirOrderAndTheFilterIsTrimmed() {
    var json = minimal();
    exportX(json).put("columns", new JsonArray().add("b").add(" a ").add("C_1"))
        .put("row_filter", "  country = 'DE' ");
    ExportConfig x = ConfigLoader.fromJson(json, Map.of()).export("x").orElseThrow();
    assertThat(x.columns()).containsExactly("b", "a", "C_1");
    assertThat(x.rowFilter()).contains("country = 'DE'");
  }

  @Test
  void badColumnsAndFiltersNameTheKey() {
    for (var bad : Map.of(
        new JsonArray(), "exports.x.columns: must name at least one column",
        new JsonArray().add("a").add("A"), "exports.x.columns: names column \"A\" twice",
        new JsonArray().add("a.b"), "exports.x.columns: column \"a.b\" must match",
        new JsonArray().add(1), "exports.x.columns: must be a list of non-empty strings",
        new JsonArray().add(""), "exports.x.columns: must be a list of non-empty strings").entrySet()) {
      var json = minimal();
      exportX(json).put("columns", bad.getKey());
      assertThat(problems(json)).singleElement().asString().startsWith(bad.getValue());
    }
    var json = minimal();
    exportX(json).put("columns", "a,b").put("row_filter", " ");
    assertThat(problems(json)).containsExactlyInAnyOrder(
        "exports.x.columns: must be a list of strings (got \"a,b\")",
        "exports.x.row_filter: must not be empty (got \" \")");
  }

  @Test
  void ifExistsDefaultsToReplace() {
    assertThat(ConfigLoader.fromJson(minimal(), Map.of()).export("x").orElseThrow().ifExists())
        .isEqualTo(IfExists.REPLACE);
    var json = minimal();
    exportX(json).put("if_exists", "skip");
    assertThat(ConfigLoader.fromJson(json, Map.of()).export("x").orElseThrow().ifExists()).isEqualTo(IfExists.SKIP);
    exportX(json).put("if_exists", "overwrite");
    assertThat(problems(json)).containsExactly(
        "exports.x.if_exists: must be one of replace, fail, skip (got \"overwrite\")");
  }

  /** A bare OpenPGP RSA public key, armored (no user id needed to encrypt to it). */
  static String armoredPublicKey() throws Exception {
    var generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var pair = new org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair(
        org.bouncycastle.bcpg.PublicKeyPacket.VERSION_4, org.bouncycastle.openpgp.PGPPublicKey.RSA_GENERAL,
        generator.generateKeyPair(), new java.util.Date());
    var bytes = new java.io.ByteArrayOutputStream();
    try (var armored = new org.bouncycastle.bcpg.ArmoredOutputStream(bytes)) {
      pair.getPublicKey().encode(armored);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void encryptionTakesAKeyFileOrInlineKeyAndAppendsPgp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    String key = armoredPublicKey();
    var file = java.nio.file.Files.writeString(tmp.resolve("partner.asc"), key);
    var json = minimal();
    exportX(json).put("encryption", new io.vertx.core.json.JsonObject().put("pgp_public_key_file", file.toString()));
    ExportConfig x = ConfigLoader.fromJson(json, Map.of()).export("x").orElseThrow();
    assertThat(x.encryption()).isPresent();
    assertThat(x.fileSuffix()).isEqualTo(".pgp");
    assertThat(io.bqsftp.delivery.FileNaming.of(x, java.time.LocalDate.of(2024, 6, 30)).name(0))
        .isEqualTo("x_20240630-000000000000.csv.gz.pgp");

    exportX(json).put("encryption", new io.vertx.core.json.JsonObject().put("pgp_public_key", key.replace("\n", "\\n")));
    assertThat(ConfigLoader.fromJson(json, Map.of()).export("x").orElseThrow().encryption()
        .flatMap(PgpEncryption::publicKey)).isPresent();
  }

  @Test
  void badEncryptionKeysStopStartupNamingTheKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    var json = minimal();
    var garbage = java.nio.file.Files.writeString(tmp.resolve("garbage.asc"), "not a key");
    exportX(json).put("encryption", new io.vertx.core.json.JsonObject().put("pgp_public_key_file", garbage.toString()));
    assertThat(problems(json)).singleElement().asString()
        .startsWith("exports.x.encryption.pgp_public_key_file: file " + garbage + ": ");
    exportX(json).put("encryption", new io.vertx.core.json.JsonObject().put("pgp_public_key_file", tmp + "/missing.asc"));
    assertThat(problems(json)).containsExactly(
        "exports.x.encryption.pgp_public_key_file: file " + tmp + "/missing.asc does not exist");
    exportX(json).put("encryption", new io.vertx.core.json.JsonObject().put("pgp_public_key", "-----BEGIN nonsense"));
    assertThat(problems(json)).singleElement().asString().startsWith("exports.x.encryption.pgp_public_key: ")
        .doesNotContain("nonsense");
    exportX(json).put("encryption", new io.vertx.core.json.JsonObject().put("pgp_key", "x"));
    assertThat(problems(json)).singleElement().asString().startsWith("exports.x.encryption.pgp_key: unknown key");
  }

  @Test
  void formatDefaultsToCsvAndJsonChangesTheExtension() {
    ExportConfig x = ConfigLoader.fromJson(minimal(), Map.of()).export("x").orElseThrow();
    assertThat(x.format()).isEqualTo(ExportFormat.CSV);
    assertThat(x.fileExtension()).isEqualTo("csv.gz");
    var json = minimal();
    exportX(json).put("format", "json").put("compress", false);
    assertThat(ConfigLoader.fromJson(json, Map.of()).export("x").orElseThrow().fileExtension()).isEqualTo("json");
    exportX(json).put("format", "avro");
    assertThat(problems(json)).containsExactly("exports.x.format: must be one of csv, json (got \"avro\")");
  }

  @Test
  void exportSftpOverridesKeysAndDropsInheritedCredentialsAndFingerprint() {
    var json = minimal();
    json.getJsonObject("sftp").put("host_key_fingerprint", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .put("max_connections", 6).put("directory", "/base");
    exportX(json).put("sftp", new io.vertx.core.json.JsonObject().put("username", "b").put("directory", "/in"));
    json.getJsonObject("exports").put("y", new io.vertx.core.json.JsonObject().put("source_table", "proj.ds.t2")
        .put("export_type", "full").put("file_name_template", "{export_name}_{date}-{part}.{ext}")
        .put("sftp", new io.vertx.core.json.JsonObject().put("host", "other.example.com").put("password", "pw-y")));
    ServiceConfig c = ConfigLoader.fromJson(json, Map.of("SFTP_HOST", "from-env.example.com"));

    SftpConfig x = c.sftpFor(c.export("x").orElseThrow());
    assertThat(x.host()).isEqualTo("from-env.example.com"); // inherited, env included
    assertThat(x.username()).isEqualTo("b");
    assertThat(x.directory()).isEqualTo("/in");
    assertThat(x.password()).map(Secret::reveal).contains("p"); // no credential given: inherited
    assertThat(x.hostKeyFingerprint()).isPresent();
    assertThat(x.maxConnections()).isEqualTo(6);

    SftpConfig y = c.sftpFor(c.export("y").orElseThrow());
    assertThat(y.host()).isEqualTo("other.example.com");
    assertThat(y.username()).isEqualTo("u");
    assertThat(y.password()).map(Secret::reveal).contains("pw-y");
    assertThat(y.hostKeyFingerprint()).isEmpty(); // another server: the base's fingerprint does not apply
    assertThat(c.sftp().host()).isEqualTo("from-env.example.com");
  }

  @Test
  void badExportSftpKeysNameTheExport() {
    var json = minimal();
    exportX(json).put("sftp", new io.vertx.core.json.JsonObject().put("port", 70_000).put("upload_attempts", 2)
        .put("hots", "x").put("password", "secret-value"));
    assertThat(problems(json)).containsExactlyInAnyOrder(
        "exports.x.sftp.upload_attempts: is service-wide: set it under sftp",
        "exports.x.sftp.hots: unknown key",
        "exports.x.sftp.port: must be a whole number between 1 and 65535 (got 70000)");
    exportX(json).put("sftp", new io.vertx.core.json.JsonObject().put("timeout_seconds", 600));
    assertThat(problems(json)).containsExactly("exports.x.sftp.timeout_seconds: must be at most "
        + "lock.stale_after_seconds (120), or one hung heartbeat could let the lock go stale");
    exportX(json).put("sftp", "sftp://elsewhere");
    assertThat(problems(json)).singleElement().asString().startsWith("exports.x.sftp: must be an object");
  }

  @Test
  void seedConfigStillLoads() {
    assertThat(ConfigLoader.fromJson(ConfigParserTest.seed(), Map.of()).exports()).hasSize(2);
    assertThat(List.of(ConfigDef.COLUMNS, ConfigDef.ROW_FILTER)).allMatch(k -> !k.required());
  }
}
