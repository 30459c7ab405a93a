package io.bqsftp.trigger;

import io.bqsftp.config.ServiceConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * How the Pub/Sub trigger pulls.
 *
 * @param subscription full name {@code projects/P/subscriptions/S}
 * @param emulatorHost {@code host:port} of an emulator (or a test server): plaintext, no credentials
 * @param maxOutstanding messages leased at once ({@code max_concurrent_exports})
 * @param maxAckExtension how long a message is kept leased while its run goes on
 * @param maxPerAckExtension the deadline asked for per extension (zero: the client's default)
 * @param shutdownTimeout how long stopping waits for leased messages to be acked or nacked
 * @param conflictRetry while another replica holds the export and date (409), how long the message
 *     stays leased before its request is sent again here; nacked only once the lease would run out,
 *     so a long run elsewhere costs no delivery attempts and never dead-letters the message
 */
public record PubSubSettings(
    String subscription,
    Optional<String> emulatorHost,
    int maxOutstanding,
    Duration maxAckExtension,
    Duration maxPerAckExtension,
    Duration shutdownTimeout,
    Duration conflictRetry) {

  /** The trigger's settings when {@code pubsub.subscription} is configured. */
  public static Optional<PubSubSettings> from(ServiceConfig config) {
    var t = config.triggers();
    return t.pubsubSubscription().map(subscription -> new PubSubSettings(
        subscription,
        t.pubsubEmulatorHost(),
        Math.max(1, config.maxConcurrentExports()),
        t.pubsubMaxAckExtension(),
        Duration.ZERO,
        // Running exports get the grace period; a minute more to send the final acks and nacks.
        config.shutdownGracePeriod().plusSeconds(60),
        t.pubsubConflictRetry()));
  }
}
