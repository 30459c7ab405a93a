package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PushConfig;
import io.bqsftp.local.DemoTable;
import io.bqsftp.support.LocalStack;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code check}: every step against real servers (local BigQuery, MINA, OpenSSH, the Pub/Sub
 * emulator); a broken setting fails the step it belongs to, and the exit code says so.
 */
class CheckCommandTest {
  static final String RUNS_TABLE = "demo-project.ops.export_runs";
  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  record Result(int exit, String out, String err) {
    /** The RESULT column of the row for export and step. */
    String status(String export, String step) {
      return out.lines().map(l -> l.split("\\s+", 4))
          .filter(f -> f.length >= 3 && f[0].equals(export) && f[1].equals(step))
          .map(f -> f[2]).findFirst().orElse("missing");
    }
  }

  static Result check(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = new CommandLine(new CheckCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private JsonObject goodConfig() throws Exception {
    stack = LocalStack.start(dir, 500);
    stack.bigquery.addTable(RUNS_TABLE, DemoTable.generate(1));
    stack.bigquery.addTable(RUNS_TABLE + "_files", DemoTable.generate(1));
    return stack.configJson(Map.of(
            "product_data", LocalStack.fullExport().put("directory", "products"),
            "events", new JsonObject().put("source_table", LocalStack.TABLE).put("export_type", "date_range")
                .put("date_column", "event_date").put("days_lookback", 3)))
        .put("metadata", new JsonObject().put("export_metadata_table", RUNS_TABLE));
  }

  private String write(JsonObject config) throws Exception {
    return Files.writeString(dir.resolve("config-" + UUID.randomUUID() + ".json"), config.encodePrettily()).toString();
  }

  @Test
  void goodConfigPassesEveryStepAndLeavesNoFileBehind() throws Exception {
    String config = write(goodConfig());

    Result result = check("--config", config, "--date", "2024-01-05");

    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    for (String export : new String[] {"product_data", "events"}) {
      for (String step : new String[] {"sftp.host_key", "sftp.login", "sftp.write", "bigquery.read"}) {
        assertThat(result.status(export, step)).as(export + " " + step + "\n" + result.out()).isEqualTo("ok");
      }
    }
    assertThat(result.status("*", "config")).isEqualTo("ok");
    assertThat(result.out()).contains("event_date from 2024-01-02 to 2024-01-05", "/outbound/products",
        "table " + RUNS_TABLE + " readable", "table " + RUNS_TABLE + "_files readable");
    assertThat(result.out().lines().filter(l -> l.startsWith("*") && l.contains(" history ")).count()).isEqualTo(2);
    assertThat(result.out()).endsWith("check passed\n");
    assertThat(stack.files()).isEmpty();
    assertThat(stack.root.resolve("outbound/products")).isDirectory();
  }

  @Test
  void oneExportOnly() throws Exception {
    Result result = check("--config", write(goodConfig()), "--export", "events");
    assertThat(result.exit()).isZero();
    assertThat(result.status("events", "sftp.write")).isEqualTo("ok");
    assertThat(result.status("product_data", "sftp.write")).isEqualTo("missing");
  }

  @Test
  void wrongPasswordFailsTheLogin() throws Exception {
    JsonObject config = goodConfig();
    config.getJsonObject("sftp").put("password", "wrong-password");

    Result result = check("--config", write(config), "--export", "product_data");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.status("product_data", "sftp.host_key")).isEqualTo("ok");
    assertThat(result.status("product_data", "sftp.login")).isEqualTo("FAILED");
    assertThat(result.status("product_data", "sftp.write")).isEqualTo("skipped");
    assertThat(result.status("product_data", "bigquery.read")).isEqualTo("ok");
    assertThat(result.out()).endsWith("check failed: product_data sftp.login\n").doesNotContain("wrong-password");
  }

  @Test
  void wrongHostKeyFailsTheHostKeyStep() throws Exception {
    JsonObject config = goodConfig();
    config.getJsonObject("sftp").put("host_key_fingerprint", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    Result result = check("--config", write(config), "--export", "product_data");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.status("product_data", "sftp.host_key")).isEqualTo("FAILED");
    assertThat(result.status("product_data", "sftp.login")).isEqualTo("skipped");
    assertThat(result.out()).contains("does not match the configured fingerprint", stack.sftp.hostKeyFingerprint(),
        "run 'hostkey 127.0.0.1:" + stack.sftp.port() + "'");
  }

  @Test
  void missingTableFailsTheRead() throws Exception {
    JsonObject config = goodConfig();
    config.getJsonObject("exports").getJsonObject("product_data").put("source_table", "demo-project.demo_dataset.missing");

    Result result = check("--config", write(config));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.status("product_data", "bigquery.read")).isEqualTo("FAILED");
    assertThat(result.status("events", "bigquery.read")).isEqualTo("ok");
    assertThat(result.out()).contains("cannot read demo-project.demo_dataset.missing")
        .endsWith("check failed: product_data bigquery.read\n");
  }

  @Test
  void missingHistoryTableFails() throws Exception {
    JsonObject config = goodConfig().put("metadata", new JsonObject().put("export_metadata_table", "demo-project.ops.nowhere"));
    Result result = check("--config", write(config), "--export", "events");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.status("*", "history")).isEqualTo("FAILED");
  }

  @Test
  void refusedWritesFailTheWriteStep() throws Exception {
    String config = write(goodConfig());
    // Root ignores file modes, so on MINA the server refuses writes; OpenSSH below uses a real chmod 555.
    stack.sftp.refuseWrites(true);

    Result result = check("--config", config, "--export", "product_data");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.status("product_data", "sftp.login")).isEqualTo("ok");
    assertThat(result.status("product_data", "sftp.write")).isEqualTo("FAILED");
    assertThat(result.out()).contains("cannot create a file in /outbound/products");
  }

  @Test
  void badOptionsAndInvalidConfigExitTwo() throws Exception {
    String config = write(goodConfig());
    assertThat(check("--config", config, "--export", "nope").err()).contains("unknown export \"nope\"");
    assertThat(check("--config", config, "--export", "nope").exit()).isEqualTo(2);
    assertThat(check("--config", config, "--date", "2024-13-01").exit()).isEqualTo(2);
    Result invalid = check("--config", write(new JsonObject().put("sftp", new JsonObject())));
    assertThat(invalid.exit()).isEqualTo(2);
    assertThat(invalid.err()).contains("invalid configuration");
  }

  @Test
  void openSshPassesAndAReadOnlyFolderFailsTheWriteStep() throws Exception {
    Map<String, String> env = System.getenv();
    assumeThat(env.get("SFTP_IT_HOST")).as("OpenSSH test server (SFTP_IT_* from .ci/run)").isNotNull();
    Path chrootUpload = Path.of(env.get("SFTP_IT_KNOWN_HOSTS")).getParent().getParent()
        .resolve("chroot" + env.get("SFTP_IT_DIRECTORY"));
    assumeThat(Files.isWritable(chrootUpload)).as("needs root to prepare a read-only folder in " + chrootUpload).isTrue();
    String unique = "check-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path readOnly = Files.createDirectory(chrootUpload.resolve(unique + "-ro"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    stack = LocalStack.start(dir, 100);
    JsonObject config = stack.configJson(Map.of(
        "writable", LocalStack.fullExport().put("directory", unique),
        "read_only", LocalStack.fullExport().put("directory", unique + "-ro")));
    config.put("sftp", new JsonObject()
        .put("host", env.get("SFTP_IT_HOST"))
        .put("port", Integer.parseInt(env.get("SFTP_IT_PORT")))
        .put("username", env.get("SFTP_IT_USER"))
        .put("private_key_file", env.get("SFTP_IT_KEY_FILE"))
        .put("known_hosts_file", env.get("SFTP_IT_KNOWN_HOSTS"))
        .put("directory", env.get("SFTP_IT_DIRECTORY")));
    try {
      Result result = check("--config", write(config));

      assertThat(result.exit()).as(result.out()).isEqualTo(1);
      assertThat(result.status("writable", "sftp.host_key")).isEqualTo("ok");
      assertThat(result.status("writable", "sftp.write")).isEqualTo("ok");
      assertThat(result.status("read_only", "sftp.login")).isEqualTo("ok");
      assertThat(result.status("read_only", "sftp.write")).isEqualTo("FAILED");
      assertThat(result.out()).contains("Permission denied").endsWith("check failed: read_only sftp.write\n");
      try (var left = Files.list(chrootUpload.resolve(unique))) {
        assertThat(left).isEmpty();
      }
    } finally {
      Files.deleteIfExists(chrootUpload.resolve(unique));
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.deleteIfExists(readOnly);
    }
  }

  @Test
  void pubSubSubscriptionIsLookedUpThroughTheEmulator() throws Exception {
    String host = System.getenv("PUBSUB_EMULATOR_HOST");
    assumeThat(host).as("PUBSUB_EMULATOR_HOST (the Pub/Sub emulator, started by .ci/run where available)").isNotBlank();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "projects/check-project/topics/check-" + suffix;
    String subscription = "projects/check-project/subscriptions/check-" + suffix;
    ManagedChannel channel = ManagedChannelBuilder.forTarget(host).usePlaintext().build();
    try {
      var channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
      try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
              .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build());
          SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
              .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build())) {
        topics.createTopic(topic);
        subscriptions.createSubscription(subscription, topic, PushConfig.getDefaultInstance(), 10);
      }
      JsonObject config = goodConfig();
      config.put("pubsub", new JsonObject().put("subscription", subscription).put("emulator_host", host));
      Result found = check("--config", write(config), "--export", "events");
      assertThat(found.status("*", "pubsub")).as(found.out()).isEqualTo("ok");
      assertThat(found.exit()).isZero();

      config.put("pubsub", new JsonObject().put("subscription", subscription + "-missing").put("emulator_host", host));
      Result missing = check("--config", write(config), "--export", "events");
      assertThat(missing.status("*", "pubsub")).isEqualTo("FAILED");
      assertThat(missing.exit()).isEqualTo(1);
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
