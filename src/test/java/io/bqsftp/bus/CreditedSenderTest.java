package io.bqsftp.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.ops.LogContext;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CreditedSenderTest {
  private static final String ADDRESS = "test.credited";

  /** A body passed by reference: the receiver sees the very object that was sent. */
  record Piece(int index, byte[] bytes) {}

  /** Takes each piece slowly (a blocking sleep on a worker, as a slow SFTP write would). */
  static final class SlowReceiver extends AbstractVerticle {
    final List<Piece> received = new ArrayList<>();
    final List<String> runIds = new ArrayList<>();

    @Override
    public void start() {
      vertx.eventBus().<Piece>consumer(ADDRESS, message -> BusMessages.inContext(message, () -> {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        synchronized (this) {
          received.add(message.body());
          runIds.add(org.slf4j.MDC.get(LogContext.RUN_ID));
        }
        message.reply(null);
      }));
    }
  }

  @Test
  void aSlowReceiverGetsEveryPieceInOrderWithNeverMoreThanTheWindowUnanswered(Vertx vertx, VertxTestContext test) {
    LocalCodec.register(vertx.eventBus(), Piece.class);
    var receiver = new SlowReceiver();
    int window = 4;
    int pieces = 300;
    List<Piece> sent = new ArrayList<>();
    AtomicInteger maxOutstanding = new AtomicInteger();
    vertx.deployVerticle(receiver, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .compose(id -> {
          Promise<Void> done = Promise.promise();
          vertx.runOnContext(v -> {
            try (LogContext ignored = LogContext.forRun("orders", "orders-run-1")) {
              var sender = new CreditedSender<Piece>(vertx.eventBus(), ADDRESS, window, 10_000);
              produce(sender, 0, pieces, sent, maxOutstanding, done);
            }
          });
          return done.future();
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          synchronized (receiver) {
            assertThat(receiver.received).hasSize(pieces);
            for (int i = 0; i < pieces; i++) {
              assertThat(receiver.received.get(i)).isSameAs(sent.get(i)); // by reference, in order
            }
            assertThat(receiver.runIds).containsOnly("orders-run-1");
          }
          assertThat(maxOutstanding.get()).isEqualTo(window);
          test.completeNow();
        })));
  }

  /** Sends while there is credit, then waits for one: the producer side of the protocol. */
  private static void produce(CreditedSender<Piece> sender, int next, int total, List<Piece> sent,
      AtomicInteger maxOutstanding, Promise<Void> done) {
    int i = next;
    while (i < total && sender.hasCredit()) {
      Piece piece = new Piece(i, new byte[1024]);
      sent.add(piece);
      sender.send(piece);
      maxOutstanding.accumulateAndGet(sender.outstanding(), Math::max);
      i++;
    }
    if (i == total) {
      sender.settled().onComplete(done);
      return;
    }
    int from = i;
    try (LogContext ignored = LogContext.forRun("orders", "orders-run-1")) {
      sender.whenCredit(() -> {
        try (LogContext again = LogContext.forRun("orders", "orders-run-1")) {
          produce(sender, from, total, sent, maxOutstanding, done);
        }
      });
    }
  }

  @Test
  void aRefusedPieceFailsTheSendsAfterItAndTheSettlement(Vertx vertx, VertxTestContext test) {
    LocalCodec.register(vertx.eventBus(), Piece.class);
    AtomicInteger taken = new AtomicInteger();
    vertx.eventBus().<Piece>consumer(ADDRESS, message -> {
      if (message.body().index() == 2) {
        message.fail(507, "disk full");
      } else {
        taken.incrementAndGet();
        message.reply(null);
      }
    }).completion().onComplete(test.succeeding(registered -> vertx.runOnContext(v -> {
      var sender = new CreditedSender<Piece>(vertx.eventBus(), ADDRESS, 8, 10_000);
      for (int i = 0; i < 3; i++) {
        sender.send(new Piece(i, new byte[0]));
      }
      sender.settled().onComplete(test.failing(e -> test.verify(() -> {
        assertThat(e).isInstanceOf(ReplyException.class).hasMessage("disk full");
        assertThat(((ReplyException) e).failureCode()).isEqualTo(507);
        assertThat(sender.hasCredit()).isFalse();
        Future<Void> later = sender.send(new Piece(3, new byte[0]));
        assertThat(later.failed()).isTrue();
        assertThat(taken.get()).isEqualTo(2);
        test.completeNow();
      })));
    })));
  }

  @Test
  void anUnansweredPieceTimesOut(Vertx vertx, VertxTestContext test) throws Exception {
    LocalCodec.register(vertx.eventBus(), Piece.class);
    vertx.eventBus().<Piece>consumer(ADDRESS, message -> { /* never answers */ })
        .completion().onComplete(test.succeeding(registered -> vertx.runOnContext(v -> {
          var sender = new CreditedSender<Piece>(vertx.eventBus(), ADDRESS, 1, 200);
          sender.send(new Piece(0, new byte[0]));
          assertThat(sender.hasCredit()).isFalse();
          sender.settled().onComplete(test.failing(e -> test.verify(() -> {
            assertThat(e).isInstanceOf(ReplyException.class);
            test.completeNow();
          })));
        })));
    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
  }
}
