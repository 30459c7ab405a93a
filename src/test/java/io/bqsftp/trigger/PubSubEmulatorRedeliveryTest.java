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
import com.google.pubsub.v1.PushConfig;
import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.ops.Metrics;
import io.bqsftp.support.LocalStack;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 2, against the real Pub/Sub emulator with the service's clock fixed on another day: a
 * message without a date exports the day it was published; the same message delivered again
 * (through a second subscription of the topic: same message id, as a redelivery has) to a
 * restarted service is acked from the export history without a second export. Skipped without
 * PUBSUB_EMULATOR_HOST.
 */
class PubSubEmulatorRedeliveryTest {
  static final String PROJECT = "bq-sftp-it";
  /** The service's "now": years before the message is published. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2020-01-01T00:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  String host;
  ManagedChannel channel;
  TransportChannelProvider channels;
  LocalStack stack;
  ServiceRuntime runtime;
  final AtomicInteger runs = new AtomicInteger();
  final Metrics metrics = new Metrics();

  @BeforeEach
  void connect() {
    host = System.getenv("PUBSUB_EMULATOR_HOST");
    Assumptions.assumeTrue(host != null && !host.isBlank(),
        "PUBSUB_EMULATOR_HOST is not set: source .ci/start-pubsub-emulator.sh (or run .ci/run) to run this test");
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
    metrics.close();
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** A service pulling {@code subscription}, on the shared ledger, counting the exports it runs. */
  private ServiceRuntime serve(String subscription) throws Exception {
    JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()));
    ServiceConfig config = ConfigLoader.fromJson(json,
        Map.of("PUBSUB_SUBSCRIPTION", subscription, "PUBSUB_EMULATOR_HOST", host));
    ExportEngine engine = ExportEngine.start(config); // closed with the runtime
    return ServiceRuntime.start(Vertx.vertx(), config, new ServiceRuntime.Options(false, true, Optional.of(metrics)),
        (plan, progress) -> {
          runs.incrementAndGet();
          return engine.run(plan, progress);
        }, engine, CLOCK);
  }

  private static void await(String what, Duration timeout, java.util.function.BooleanSupplier done) throws Exception {
    Poll.until(what, timeout, done::getAsBoolean);
  }

  @Test
  void publishDateIsTheRunDateAndARedeliveredMessageIsNotExportedAgain() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String topic = "projects/" + PROJECT + "/topics/dates-" + suffix;
    String first = "projects/" + PROJECT + "/subscriptions/dates-a-" + suffix;
    String second = "projects/" + PROJECT + "/subscriptions/dates-b-" + suffix;
    try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
            .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build());
        SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
            .setTransportChannelProvider(channels).setCredentialsProvider(NoCredentialsProvider.create()).build())) {
      topics.createTopic(topic);
      subscriptions.createSubscription(first, topic, PushConfig.getDefaultInstance(), 10);
      subscriptions.createSubscription(second, topic, PushConfig.getDefaultInstance(), 10);
      stack = LocalStack.start(dir, 300);
      runtime = serve(first);

      LocalDate before = LocalDate.now(ZoneOffset.UTC);
      Publisher publisher = Publisher.newBuilder(topic).setChannelProvider(channels)
          .setCredentialsProvider(NoCredentialsProvider.create()).build();
      try {
        publisher.publish(PubsubMessage.newBuilder()
            .setData(ByteString.copyFromUtf8("{\"export_name\":\"product_data\"}")).build()).get(30, TimeUnit.SECONDS);
      } finally {
        publisher.shutdown();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
      }
      LocalDate after = LocalDate.now(ZoneOffset.UTC);

      Path outbound = stack.root.resolve("outbound");
      await("the file of the publish date", Duration.ofSeconds(60), () -> landedFor(outbound, before, after));
      assertThat(outbound.resolve("product_data_20200101-000000000000.csv.gz")).doesNotExist();
      runtime.shutdown(Duration.ofSeconds(30));
      runtime = null;
      assertThat(subscriptions.pull(first, true, 10).getReceivedMessagesList()).as("acked").isEmpty();
      assertThat(runs.get()).isEqualTo(1);

      // A restarted service receives the same message (same id) again.
      runtime = serve(second);
      await("the redelivery answered from the history", Duration.ofSeconds(60),
          () -> metrics.duplicateRequests("product_data") == 1);
      runtime.shutdown(Duration.ofSeconds(30));
      runtime = null;
      assertThat(runs.get()).as("no second export").isEqualTo(1);
      assertThat(subscriptions.pull(second, true, 10).getReceivedMessagesList()).as("acked").isEmpty();
    }
  }

  private static boolean landedFor(Path outbound, LocalDate before, LocalDate after) {
    for (LocalDate day : new LocalDate[] {before, after}) {
      if (Files.exists(outbound.resolve("product_data_" + day.toString().replace("-", "") + "-000000000000.csv.gz"))) {
        return true;
      }
    }
    return false;
  }
}
