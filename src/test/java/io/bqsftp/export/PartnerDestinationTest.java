package io.bqsftp.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.local.EmbeddedSftpServer;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exports.<name>.sftp}: two partners on two real SFTP servers (embedded MINA SSHD, each with
 * its own user, password, host key and root), one service, through the HTTP API.
 */
class PartnerDestinationTest {
  static final String PASSWORD_B = "partner-B-pa55";

  @TempDir Path dir;
  LocalStack stack;
  EmbeddedSftpServer serverB;
  ServiceRuntime runtime;

  @AfterEach
  void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    if (serverB != null) {
      serverB.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void eachExportLandsOnItsOwnServerAndListsItsDestinationWithoutSecrets() throws Exception {
    stack = LocalStack.start(dir, 1_000);
    Path rootB = Files.createDirectories(dir.resolve("sftp-root-b"));
    serverB = new EmbeddedSftpServer().hostKeyFile(dir.resolve("hostkey-b.ser")).start(rootB, "partner-b", PASSWORD_B);
    var toB = new JsonObject().put("port", serverB.port()).put("username", "partner-b").put("password", PASSWORD_B)
        .put("host_key_fingerprint", serverB.hostKeyFingerprint()).put("directory", "/inbox");
    JsonObject json = stack.configJson(Map.of(
        "a", LocalStack.fullExport(),
        "b", LocalStack.fullExport().put("sftp", toB.copy()),
        "b2", LocalStack.fullExport().put("sftp", toB.copy()).put("directory", "second")))
        .put("server", new JsonObject().put("port", 0));
    var config = ConfigLoader.fromJson(json, Map.of());
    assertThat(config.sftpFor(config.export("b").orElseThrow()))
        .isEqualTo(config.sftpFor(config.export("b2").orElseThrow())) // one pool for both
        .isNotEqualTo(config.sftp());
    Vertx vertx = Vertx.vertx();
    runtime = ServiceRuntime.start(vertx, config, new ServiceRuntime.Options(true, false, Optional.empty()));
    WebClient client = WebClient.create(vertx);

    for (String export : List.of("a", "b", "b2")) {
      HttpResponse<Buffer> run = Await.result(client.post(runtime.httpPort(), "127.0.0.1",
          "/exports/" + export + "/runs?wait=true").sendJsonObject(new JsonObject().put("date", "2024-06-30")), 60);
      assertThat(run.statusCode()).as(run.bodyAsString()).isEqualTo(200);
    }

    assertThat(stack.files().map(p -> stack.root.relativize(p).toString()).toList())
        .containsExactly("outbound/a_20240630-000000000000.csv.gz");
    try (var files = Files.walk(rootB)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> rootB.relativize(p).toString()).sorted().toList())
          .containsExactly("inbox/b_20240630-000000000000.csv.gz", "inbox/second/b2_20240630-000000000000.csv.gz");
    }

    HttpResponse<Buffer> listed = Await.result(client.get(runtime.httpPort(), "127.0.0.1", "/exports").send(), 60);
    assertThat(listed.bodyAsString()).doesNotContain(PASSWORD_B).doesNotContain(LocalStack.PASSWORD);
    var byName = new java.util.HashMap<String, JsonObject>();
    listed.bodyAsJsonObject().getJsonArray("exports").forEach(e -> byName.put(((JsonObject) e).getString("name"),
        (JsonObject) e));
    assertThat(byName.get("a").getString("destination")).isEqualTo("sftp://127.0.0.1:" + stack.sftp.port() + "/outbound");
    assertThat(byName.get("b").getString("destination")).isEqualTo("sftp://127.0.0.1:" + serverB.port() + "/inbox");
    assertThat(byName.get("b2").getString("destination"))
        .isEqualTo("sftp://127.0.0.1:" + serverB.port() + "/inbox/second");
    assertThat(byName.get("b").getString("sftp_username")).isEqualTo("partner-b");
  }
}
