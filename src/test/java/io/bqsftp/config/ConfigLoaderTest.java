package io.bqsftp.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {
  static final Map<String, String> SFTP_ENV =
      Map.of("SFTP_HOST", "env-host", "SFTP_USERNAME", "u", "SFTP_PASSWORD", "p");

  @TempDir Path workDir;

  private Path write(String relative, String content) throws Exception {
    Path file = workDir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Test
  void resolvesExplicitThenConfigPathThenDefault() {
    Path wd = Path.of("/srv/app");
    Map<String, String> env = Map.of("CONFIG_PATH", "etc/from-env.json");

    assertThat(ConfigLoader.resolve(Optional.of(Path.of("cli.json")), env, wd))
        .isEqualTo(new ConfigLoader.Source(Path.of("/srv/app/cli.json"), "--config", true));
    assertThat(ConfigLoader.resolve(Optional.empty(), env, wd))
        .isEqualTo(new ConfigLoader.Source(Path.of("/srv/app/etc/from-env.json"), "CONFIG_PATH", true));
    assertThat(ConfigLoader.resolve(Optional.empty(), Map.of("CONFIG_PATH", ""), wd))
        .isEqualTo(new ConfigLoader.Source(Path.of("/srv/app/conf/config.json"), "default location", false));
  }

  @Test
  void loadsTheDefaultFileFromTheWorkingDirectory(Vertx vertx, VertxTestContext ctx) throws Exception {
    write("conf/config.json", ConfigParserTest.SEED_JSON);
    ConfigLoader.load(vertx, Optional.empty(), Map.of(), workDir)
        .onComplete(ctx.succeeding(c -> ctx.verify(() -> {
          assertThat(c.sftp().host()).isEqualTo("sftp.example.com");
          assertThat(c.exports()).containsOnlyKeys("product_data", "customer_data");
          ctx.completeNow();
        })));
  }

  @Test
  void environmentOverridesTheFile(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = write("seed.json", ConfigParserTest.SEED_JSON);
    ConfigLoader.load(vertx, Optional.empty(),
            Map.of("CONFIG_PATH", file.toString(), "SFTP_HOST", "env-host", "PORT", "9000"), workDir)
        .onComplete(ctx.succeeding(c -> ctx.verify(() -> {
          assertThat(c.sftp().host()).isEqualTo("env-host");
          assertThat(c.httpPort()).isEqualTo(9000);
          ctx.completeNow();
        })));
  }

  @Test
  void explicitPathWinsOverConfigPath(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = write("explicit.json", ConfigParserTest.SEED_JSON);
    ConfigLoader.load(vertx, Optional.of(file), Map.of("CONFIG_PATH", "/does/not/exist.json"))
        .onComplete(ctx.succeeding(c -> ctx.verify(() -> {
          assertThat(c.sftp().username()).isEqualTo("user");
          ctx.completeNow();
        })));
  }

  @Test
  void missingNamedFileIsAnError(Vertx vertx, VertxTestContext ctx) {
    Path missing = workDir.resolve("nope.json");
    ConfigLoader.load(vertx, Optional.empty(), Map.of("CONFIG_PATH", missing.toString()), workDir)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ConfigException.class);
          assertThat(((ConfigException) e).problems()).containsExactly(
              "config file " + missing + " (from CONFIG_PATH) does not exist");
          ctx.completeNow();
        })));
  }

  @Test
  void missingDefaultFileIsFineWhenEnvSuppliesEnough(Vertx vertx, VertxTestContext ctx) {
    ConfigLoader.load(vertx, Optional.empty(), SFTP_ENV, workDir)
        .onComplete(ctx.succeeding(c -> ctx.verify(() -> {
          assertThat(c.sftp().host()).isEqualTo("env-host");
          assertThat(c.exports()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void missingDefaultFileWithoutEnvSaysWhereItLooked(Vertx vertx, VertxTestContext ctx) {
    ConfigLoader.load(vertx, Optional.empty(), Map.of(), workDir)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          var problems = ((ConfigException) e).problems();
          assertThat(problems.get(0)).isEqualTo("config file: none at "
              + workDir.toAbsolutePath().resolve("conf/config.json")
              + " (pass --config or set CONFIG_PATH), and the environment does not supply the rest");
          assertThat(problems).contains("sftp.host: is required (set it in the config file or SFTP_HOST)");
          ctx.completeNow();
        })));
  }

  @Test
  void malformedJsonIsOneLineWithPositionAndNoSecret(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    Path file = write("bad.json", "{\n  \"sftp\": {\n    \"password\": hunter2secret\n  }\n}\n");
    ConfigLoader.load(vertx, Optional.of(file), Map.of())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ConfigException.class);
          var problems = ((ConfigException) e).problems();
          assertThat(problems).hasSize(1);
          assertThat(problems.get(0))
              .startsWith(file + ": malformed JSON at line 3, column ")
              .doesNotContain("hunter2secret")
              .doesNotContain("\n");
          assertThat(e.getStackTrace()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void topLevelMustBeAnObject(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = write("list.json", "[1, 2]");
    ConfigLoader.load(vertx, Optional.of(file), Map.of())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((ConfigException) e).problems()).singleElement().asString()
              .startsWith(file + ": ");
          ctx.completeNow();
        })));
  }

  @Test
  void validationProblemsFailTheFuture(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = write("c.json", ConfigParserTest.SEED_JSON.replace("\"port\": 22", "\"port\": \"abc\""));
    ConfigLoader.load(vertx, Optional.of(file), Map.of())
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((ConfigException) e).problems())
              .containsExactly("sftp.port: must be a whole number (got \"abc\")");
          ctx.completeNow();
        })));
  }

  /** The shipped example, with its known_hosts mount replaced by a local file. */
  @Test
  void shippedExampleLoads(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path knownHosts = write("known_hosts", "sftp.example.com ssh-ed25519 AAAA\n");
    Path password = write("pw", "secret\n");
    ConfigLoader.load(vertx, Optional.empty(), Map.of(
            "SFTP_PASSWORD_FILE", password.toString(),
            "SFTP_KNOWN_HOSTS_FILE", knownHosts.toString()), Path.of(""))
        .onComplete(ctx.succeeding(c -> ctx.verify(() -> {
          assertThat(c.sftp().hostKeyVerificationConfigured()).isTrue();
          assertThat(c.sftp().password()).map(Secret::reveal).contains("secret");
          ExportConfig product = c.export("product_data").orElseThrow();
          assertThat(product.exportType()).isEqualTo(ExportType.DATE_RANGE);
          assertThat(product.dateColumn()).contains("modified_date");
          assertThat(product.daysLookback()).isEqualTo(30);
          assertThat(c.export("customer_data").orElseThrow().exportType()).isEqualTo(ExportType.FULL);
          ctx.completeNow();
        })));
  }
}
