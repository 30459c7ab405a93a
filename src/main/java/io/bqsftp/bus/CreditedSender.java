package io.bqsftp.bus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Sends messages to one address with backpressure by credits: every message is a request, the
 * receiver replies once it has taken the body (written it, or queued it within its own bound), and
 * at most {@code window} messages are unanswered at any time. A producer asks {@link #hasCredit()}
 * before producing more and otherwise waits for {@link #whenCredit}; nothing is ever dropped, unlike
 * pausing a consumer, whose buffer overflows.
 *
 * <p>Not thread-safe: use it from one Vert.x context, the one replies come back on (a worker
 * context that blocks while waiting for a credit would never see the reply).
 */
public final class CreditedSender<T> {
  private final EventBus bus;
  private final String address;
  private final int window;
  private final long timeoutMillis;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private final Queue<Promise<Void>> settling = new ArrayDeque<>();
  private int outstanding;
  private Throwable failure;

  /**
   * @param window the most messages unanswered at once (>= 1)
   * @param timeoutMillis how long one message may stay unanswered before the send fails
   */
  public CreditedSender(EventBus bus, String address, int window, long timeoutMillis) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, got " + window);
    }
    this.bus = bus;
    this.address = address;
    this.window = window;
    this.timeoutMillis = timeoutMillis;
  }

  public String address() {
    return address;
  }

  /** True while fewer than {@code window} messages are unanswered and none failed. */
  public boolean hasCredit() {
    return failure == null && outstanding < window;
  }

  public int outstanding() {
    return outstanding;
  }

  /**
   * Sends {@code body} (with the caller's log context). The future completes when the receiver
   * took it; after a failed reply every later send fails with the same cause. Sending without
   * credit is allowed (a last message, say) but the producer should normally wait for one.
   */
  public Future<Void> send(T body) {
    return send(body, BusMessages.options(timeoutMillis));
  }

  /** As {@link #send(Object)} with the given options (headers for the message kind, say). */
  public Future<Void> send(T body, DeliveryOptions options) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    outstanding++;
    return bus.request(address, body, options.setLocalOnly(true).setSendTimeout(timeoutMillis))
        .<Void>map(reply -> null)
        .onComplete(ar -> {
          outstanding--;
          if (ar.failed() && failure == null) {
            failure = ar.cause();
          }
          release();
        });
  }

  /**
   * Runs {@code action} once a credit is free (at once if one is), or once a reply failed so the
   * producer can see the failure on its next send. Actions run in the order they were registered.
   */
  public void whenCredit(Runnable action) {
    if (hasCredit() || failure != null) {
      action.run();
    } else {
      waiting.add(action);
    }
  }

  /** Completes when every message sent so far was answered; fails if any reply failed. */
  public Future<Void> settled() {
    if (outstanding == 0) {
      return failure == null ? Future.succeededFuture() : Future.failedFuture(failure);
    }
    Promise<Void> promise = Promise.promise();
    settling.add(promise);
    return promise.future();
  }

  private void release() {
    while (!waiting.isEmpty() && (hasCredit() || failure != null)) {
      waiting.poll().run();
    }
    if (outstanding == 0) {
      while (!settling.isEmpty()) {
        Promise<Void> promise = settling.poll();
        if (failure == null) {
          promise.complete();
        } else {
          promise.fail(failure);
        }
      }
    }
  }
}
