package io.bqsftp.trigger;

import io.bqsftp.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.support.LocalStack;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;

/**
 * Tier 2: the happy path against the real Pub/Sub emulator, found through PUBSUB_EMULATOR_HOST as
 * the service finds it (.ci/start-pubsub-emulator.sh starts it). Skipped when the variable is unset.
 */
public class PubSubEmulatorTest {
  static final String PROJECT = "bq-sftp-it";

  @TempDir Path dir;
  String host;
  ManagedChannel channel;
  TransportChannelProvider channels;
  LocalStack stack;
  ServiceRuntime runtime;

  /** Where the emulator is: the environment here; a container in the Docker tier's subclass. */
  String emulatorHost() {
    String fromEnv = System.getenv("PUBSUB_EMULATOR_HOST");
    Assumptions.assumeTrue(fromEnv != null && !fromEnv.isBlank(),
        "PUBSUB_EMULATOR_HOST is not set: source .ci/start-pubsub-emulator.sh (or run .ci/run) to run this test");
    return fromEnv;
  }

  @BeforeEach
  void connect() {
    host = emulatorHost();
    channel = ManagedChannelBuilder.forTarget(host).usePlaintext().build();
    channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
  }

  @AfterEach
  void close() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void messageRunsTheExportAndIsAcked() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "projects/" + PROJECT + "/topics/exports-" + suffix;
    String subscription = "projects/" + PROJECT + "/subscriptions/exports-" + suffix;
    try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
            .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build());
        SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
            .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build())) {
      topics.createTopic(topic);
      subscriptions.createSubscription(subscription, topic, PushConfig.getDefaultInstance(), 10);

      stack = LocalStack.start(dir, 1_000);
      JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()));
      // As in production: both from the environment.
      ServiceConfig config = ConfigLoader.fromJson(json,
          Map.of("PUBSUB_SUBSCRIPTION", subscription, "PUBSUB_EMULATOR_HOST", host));
      runtime = ServiceRuntime.start(Vertx.vertx(), config, new ServiceRuntime.Options(false, true, java.util.Optional.empty()));

      Publisher publisher = Publisher.newBuilder(topic).setChannelProvider(channels)
          .setCredentialsProvider(NoCredentialsProvider.create()).build();
      try {
        publisher.publish(PubsubMessage.newBuilder()
            .setData(ByteString.copyFromUtf8("{\"export_name\":\"product_data\",\"date\":\"2025-03-17\"}"))
            .build()).get(30, TimeUnit.SECONDS);
      } finally {
        publisher.shutdown();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
      }

      Path landed = stack.root.resolve("outbound/product_data_20250317-000000000000.csv.gz");
      Poll.until(landed + " to land", java.time.Duration.ofSeconds(60), () -> Files.exists(landed));

      // A graceful stop sends outstanding acks; an unacked message would be nacked and come back.
      runtime.shutdown(java.time.Duration.ofSeconds(30));
      runtime = null;
      PullResponse left = subscriptions.pull(subscription, true, 10);
      assertThat(left.getReceivedMessagesList()).as("the message was acked").isEmpty();
    }
  }
}
