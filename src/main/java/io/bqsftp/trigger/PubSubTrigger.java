package io.bqsftp.trigger;

import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController.LimitExceededBehavior;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriberShutdownSettings;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.PubsubMessage;
import io.bqsftp.AppVersion;
import io.bqsftp.export.ExportClient;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.contract.RequestException;
import io.bqsftp.ops.LogContext;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming pull from {@code pubsub.subscription}: each message's data is the seed's body
 * {@code {"export_name", "date"}}, sent on the event bus like every other trigger. The handler
 * never blocks the Subscriber's threads: it sends the request and returns; the message stays leased
 * (its deadline extended by the client, up to {@code max_ack_extension}) until the reply decides
 * ack or nack ({@link MessageOutcome}). Flow control keeps at most {@code max_concurrent_exports}
 * messages leased, so the rest wait in Pub/Sub for this or another replica.
 */
public final class PubSubTrigger extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PubSubTrigger.class);
  /** Leased messages are tiny JSON bodies; this only guards against a flood of huge ones. */
  private static final long MAX_OUTSTANDING_BYTES = 16L * 1024 * 1024;

  private final PubSubSettings settings;
  private ExportClient client;
  private Subscriber subscriber;
  private ManagedChannel emulatorChannel;
  private final Promise<Void> terminated = Promise.promise();
  /** Once stopping, a conflict is nacked at once so another replica can take the message. */
  private volatile boolean stopping;

  public PubSubTrigger(PubSubSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    // The reply is awaited no longer than the lease lasts: after that Pub/Sub redelivers anyway.
    client = new ExportClient(vertx, settings.maxAckExtension());
    Subscriber.Builder builder =
        Subscriber.newBuilder(settings.subscription(), this::receive)
            .setHeaderProvider(FixedHeaderProvider.create("user-agent", AppVersion.userAgent()))
            .setFlowControlSettings(FlowControlSettings.newBuilder()
                .setMaxOutstandingElementCount((long) settings.maxOutstanding())
                .setMaxOutstandingRequestBytes(MAX_OUTSTANDING_BYTES)
                .setLimitExceededBehavior(LimitExceededBehavior.Block)
                .build())
            .setMaxAckExtensionPeriodDuration(settings.maxAckExtension())
            .setSubscriberShutdownSettings(SubscriberShutdownSettings.newBuilder()
                .setMode(SubscriberShutdownSettings.ShutdownMode.WAIT_FOR_PROCESSING)
                .setTimeout(settings.shutdownTimeout())
                .build());
    if (!settings.maxPerAckExtension().isZero()) {
      builder.setMaxDurationPerAckExtensionDuration(settings.maxPerAckExtension());
    }
    settings.emulatorHost().ifPresent(host -> {
      // The Java client does not read PUBSUB_EMULATOR_HOST itself: plaintext channel, no credentials.
      emulatorChannel = ManagedChannelBuilder.forTarget(host).usePlaintext().build();
      builder.setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel)))
          .setCredentialsProvider(NoCredentialsProvider.create());
    });
    subscriber = builder.build();
    subscriber.addListener(new ApiService.Listener() {
      @Override
      public void failed(ApiService.State from, Throwable failure) {
        LOG.error("Pub/Sub subscriber for {} stopped: {}", settings.subscription(), failure.toString());
        terminated.tryComplete();
      }

      @Override
      public void terminated(ApiService.State from) {
        terminated.tryComplete();
      }
    }, MoreExecutors.directExecutor());
    subscriber.startAsync();
    LOG.info("pulling Pub/Sub subscription {}{} with at most {} message(s) leased",
        settings.subscription(), settings.emulatorHost().map(h -> " on emulator " + h).orElse(""),
        settings.maxOutstanding());
    return Future.succeededFuture();
  }

  /**
   * Stops pulling new messages; messages already leased keep their lease until their run replies.
   * Completes when the subscriber has terminated (after those acks and nacks went out).
   */
  public Future<Void> stopPulling() {
    stopping = true;
    if (subscriber != null && subscriber.isRunning()) {
      LOG.info("stopping Pub/Sub pull from {}", settings.subscription());
      subscriber.stopAsync();
    } else if (subscriber == null) {
      terminated.tryComplete();
    }
    return terminated.future();
  }

  @Override
  public Future<?> stop() {
    Duration bound = settings.shutdownTimeout().plusSeconds(5);
    return stopPulling()
        .timeout(bound.toMillis(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture())
        .eventually(() -> {
          if (emulatorChannel != null) {
            emulatorChannel.shutdownNow();
          }
          return Future.succeededFuture();
        });
  }

  /** Called on a Subscriber thread: hands over and returns at once. */
  private void receive(PubsubMessage message, AckReplyConsumer reply) {
    String id = message.getMessageId();
    Integer attempt = Subscriber.getDeliveryAttempt(message);
    ExportRequest request;
    try {
      request = TriggerBodies.fromMessageData(message.getData().toByteArray()).withTriggerId(id);
      if (message.hasPublishTime()) {
        // The run date of a message without one is the day it was published, however late it is
        // processed (a backlog or redelivery crossing midnight UTC keeps its day).
        var published = message.getPublishTime();
        request = request.requestedAtIfUnset(Instant.ofEpochSecond(published.getSeconds(), published.getNanos()));
      }
    } catch (RequestException e) {
      LOG.warn("Pub/Sub message {} acked without a run, it can never succeed: {}", id, e.getMessage());
      reply.ack();
      return;
    }
    LOG.info("Pub/Sub message {}{}: export {} for {}", id,
        attempt == null ? "" : " (delivery attempt " + attempt + ")",
        request.exportName(), request.date().map(Object::toString)
            .orElse(request.requestedAt().map(t -> "its publish date (" + t + ")").orElse("today")));
    send(request, id, reply, System.nanoTime());
  }

  /** Sends the request and acks or nacks on its reply; a conflict keeps the lease and tries again. */
  private void send(ExportRequest request, String id, AckReplyConsumer reply, long firstSentNanos) {
    client.run(request).onComplete(done -> {
      int status = done.succeeded() ? 200 : ExportClient.failureStatus(done.cause());
      JsonObject body = done.succeeded() ? done.result() : ExportClient.failureBody(done.cause());
      try (LogContext ignored = LogContext.forRun(request.exportName(), body.getString("run_id"))) {
        if (status == 409 && mayWaitForConflict(firstSentNanos)) {
          LOG.info("Pub/Sub message {}: export {} is being written by another replica; asking again in {} s"
              + " (the message stays leased)", id, request.exportName(), settings.conflictRetry().toSeconds());
          vertx.setTimer(Math.max(1, settings.conflictRetry().toMillis()), t -> send(request, id, reply, firstSentNanos));
          return;
        }
        if (MessageOutcome.forStatus(status) == MessageOutcome.ACK) {
          if (status >= 400) {
            LOG.warn("Pub/Sub message {} acked without a run, it can never succeed: {}", id, body.getString("error"));
          } else {
            LOG.info("Pub/Sub message {} acked: run {} succeeded", id, body.getString("run_id"));
          }
          reply.ack();
        } else {
          LOG.warn("Pub/Sub message {} nacked for redelivery ({}): {}", id, status, body.getString("error"));
          reply.nack();
        }
      }
    });
  }

  /** Whether another wait for a conflicting run fits in the lease, with one wait to spare. */
  private boolean mayWaitForConflict(long firstSentNanos) {
    Duration waited = Duration.ofNanos(System.nanoTime() - firstSentNanos);
    return !stopping && waited.plus(settings.conflictRetry().multipliedBy(2)).compareTo(settings.maxAckExtension()) < 0;
  }
}
