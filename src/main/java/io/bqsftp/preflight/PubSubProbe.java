package io.bqsftp.preflight;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.pubsub.v1.Subscription;
import io.bqsftp.AppVersion;
import io.bqsftp.config.TriggerConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Looks the pull subscription up (the subscriber role may do that), through the emulator when set. */
final class PubSubProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  Optional<CheckResult> check(TriggerConfig triggers) {
    if (triggers.pubsubSubscription().isEmpty()) {
      return Optional.empty();
    }
    String name = triggers.pubsubSubscription().get();
    ManagedChannel channel = null;
    try {
      SubscriptionAdminSettings.Builder settings = SubscriptionAdminSettings.newBuilder()
          .setHeaderProvider(FixedHeaderProvider.create("user-agent", AppVersion.userAgent()));
      settings.getSubscriptionSettings().setSimpleTimeoutNoRetriesDuration(TIMEOUT);
      if (triggers.pubsubEmulatorHost().isPresent()) {
        channel = ManagedChannelBuilder.forTarget(triggers.pubsubEmulatorHost().get()).usePlaintext().build();
        settings.setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
            .setCredentialsProvider(NoCredentialsProvider.create());
      }
      try (SubscriptionAdminClient client = SubscriptionAdminClient.create(settings.build())) {
        Subscription subscription = client.getSubscription(name);
        return Optional.of(CheckResult.ok(CheckResult.SERVICE, "pubsub", "subscription " + name
            + " on topic " + subscription.getTopic() + ", ack deadline " + subscription.getAckDeadlineSeconds() + " s"));
      }
    } catch (ApiException | IOException e) {
      return Optional.of(CheckResult.failed(CheckResult.SERVICE, "pubsub", "cannot get subscription " + name + ": " + e.getMessage()));
    } finally {
      if (channel != null) {
        channel.shutdownNow();
        try {
          channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
