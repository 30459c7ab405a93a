package io.bqsftp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trigger keys: Pub/Sub subscription, bearer token (env, file, key) and run history. */
class TriggerConfigTest {
  @TempDir Path dir;

  private static JsonObject base() {
    return new JsonObject()
        .put("sftp", new JsonObject().put("host", "h").put("username", "u").put("password", "p")
            .put("insecure_skip_host_key_verification", true))
        .put("exports", new JsonObject());
  }

  @Test
  void defaultsMeanNoPubSubAndNoToken() {
    TriggerConfig t = ConfigLoader.fromJson(base(), Map.of()).triggers();
    assertThat(t.pubsubSubscription()).isEmpty();
    assertThat(t.authToken()).isEmpty();
    assertThat(t.pubsubMaxAckExtension()).isEqualTo(Duration.ofHours(6));
    assertThat(t.runHistorySize()).isEqualTo(500);
  }

  @Test
  void environmentSetsSubscriptionEmulatorAndToken() {
    TriggerConfig t = ConfigLoader.fromJson(base(), Map.of(
        "PUBSUB_SUBSCRIPTION", "projects/my-project/subscriptions/triggers",
        "PUBSUB_EMULATOR_HOST", "127.0.0.1:8085",
        "AUTH_TOKEN", "s3cret")).triggers();
    assertThat(t.pubsubSubscription()).contains("projects/my-project/subscriptions/triggers");
    assertThat(t.pubsubEmulatorHost()).contains("127.0.0.1:8085");
    assertThat(t.authToken().map(Secret::reveal)).contains("s3cret");
    assertThat(t.toString()).doesNotContain("s3cret");
  }

  @Test
  void tokenComesFromAFileByEnvOrKey() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "from-file\n");
    assertThat(ConfigLoader.fromJson(base(), Map.of("AUTH_TOKEN_FILE", file.toString()))
        .triggers().authToken().map(Secret::reveal)).contains("from-file");
    assertThat(ConfigLoader.fromJson(base().put("auth", new JsonObject().put("token_file", file.toString())), Map.of())
        .triggers().authToken().map(Secret::reveal)).contains("from-file");
  }

  @Test
  void badValuesNameTheirKey() {
    JsonObject json = base()
        .put("pubsub", new JsonObject().put("subscription", "triggers").put("max_ack_extension_seconds", 5))
        .put("auth", new JsonObject().put("token", "a").put("token_file", "/nope"));
    assertThatThrownBy(() -> ConfigLoader.fromJson(json, Map.of()))
        .hasMessageContaining("pubsub.subscription")
        .hasMessageContaining("pubsub.max_ack_extension_seconds")
        .hasMessageContaining("auth.token_file: set only one of auth.token and auth.token_file");
  }
}
