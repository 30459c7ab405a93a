package io.bqsftp.read;

import io.bqsftp.bigquery.TableReader;
import io.bqsftp.bus.FailureReply;
import io.bqsftp.bus.LocalCodec;
import io.bqsftp.ops.LogContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * Reads ReadRows streams into encoded chunks: takes {@link ReadOrder}s at {@link #ADDRESS}, sends
 * each stream's chunks with credits to the order's chunk address and replies with the rows read
 * (or fails with the read's exception, {@link FailureReply}). Deploy as a worker, several instances
 * (one per stream slot): an instance decodes and encodes on its own worker context, so the streams
 * of a run are decoded in parallel across instances and serially within one.
 */
public final class ReaderVerticle extends VerticleBase {
  public static final String ADDRESS = "bqsftp.read";

  private final TableReader reader;

  public ReaderVerticle(TableReader reader) {
    this.reader = reader;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx.eventBus(), ReadOrder.class);
    LocalCodec.register(vertx.eventBus(), Chunk.class);
    return vertx.eventBus().<ReadOrder>consumer(ADDRESS, this::read).completion();
  }

  private void read(Message<ReadOrder> message) {
    String exportName = message.headers().get(LogContext.EXPORT_NAME);
    String runId = message.headers().get(LogContext.RUN_ID);
    new StreamRead(context, reader, message.body(), exportName, runId).start().onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        FailureReply.fail(message, ar.cause());
      }
    });
  }
}
