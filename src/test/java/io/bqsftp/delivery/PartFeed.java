package io.bqsftp.delivery;

import io.bqsftp.bus.BusMessages;
import io.bqsftp.bus.CreditedSender;
import io.bqsftp.ops.LogContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds one part to an uploader instance the way {@link PartWriter} does (open, bytes with credit,
 * seal), from one Vert.x context, and observes the credit window: the most messages and bytes that
 * were ever unanswered, and how often the feed had to wait for a credit.
 */
final class PartFeed {
  private static final AtomicInteger IDS = new AtomicInteger();

  final String partId = "feed-" + IDS.incrementAndGet();
  /** The run id every message of this feed carries in its headers (the sender's log context). */
  final String runId = "orders-run-" + partId;
  final String address;
  private final Vertx vertx;
  private final Context context;
  private final CreditedSender<PartUploadMessage> sender;
  volatile int maxOutstanding;
  volatile long maxUnansweredBytes;
  volatile int waitsForCredit;

  PartFeed(Vertx vertx, Context context, String address, int window) {
    this.vertx = vertx;
    this.context = context;
    this.address = address;
    this.sender = new CreditedSender<>(vertx.eventBus(), address, window, 60_000);
  }

  /** Sends the open message; completes when the instance answered it. */
  Future<Void> open(String name, PartDestination destination, Path spool, PartDelivery delivery) {
    return onContext(() -> sender.send(new PartUploadMessage.Open(partId, name, destination, spool, delivery)));
  }

  /** Sends {@code data[from, to)} in chunks, each only once a credit is free; completes when all were answered. */
  Future<Void> send(byte[] data, int from, int to, int chunk) {
    return onContext(() -> {
      Promise<Void> sent = Promise.promise();
      next(data, from, to, chunk, sent);
      return sent.future().compose(v -> sender.settled());
    });
  }

  Future<PartOutcome> seal(long rows, long csvBytes) {
    return onContext(() -> vertx.eventBus()
        .<PartOutcome>request(address, new PartUploadMessage.Seal(partId, rows, csvBytes), BusMessages.options(60_000))
        .map(m -> m.body()));
  }

  private void next(byte[] data, int from, int to, int chunk, Promise<Void> sent) {
    if (from >= to) {
      sent.complete();
      return;
    }
    if (!sender.hasCredit()) {
      waitsForCredit++;
    }
    sender.whenCredit(() -> {
      int length = Math.min(chunk, to - from);
      try (LogContext ignored = LogContext.forRun("orders", runId)) {
        sender.send(new PartUploadMessage.Bytes(partId, Arrays.copyOfRange(data, from, from + length), length))
            .onFailure(sent::tryFail);
      }
      maxOutstanding = Math.max(maxOutstanding, sender.outstanding());
      // Every chunk but the last is full: the bytes unanswered are at most outstanding x chunk.
      maxUnansweredBytes = Math.max(maxUnansweredBytes, (long) sender.outstanding() * chunk);
      next(data, from + length, to, chunk, sent);
    });
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try (LogContext ignored = LogContext.forRun("orders", runId)) {
        action.get().onComplete(result);
      }
    });
    return result.future();
  }
}
