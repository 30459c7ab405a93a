package io.bqsftp.read;

import com.google.api.gax.rpc.ResponseObserver;
import com.google.api.gax.rpc.StreamController;
import com.google.cloud.bigquery.storage.v1.ReadRowsResponse;
import io.bqsftp.bigquery.ArrowBatchDecoder;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.bus.CreditedSender;
import io.bqsftp.ops.LogContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ReadRows stream, read on a reader verticle's context. gRPC's automatic inbound flow control
 * is off: the next response is requested only once this stream's chunks have credit again, so a
 * slow consumer holds the server to one response in hand (plus what the transport buffers) instead
 * of filling memory. Responses arrive on gRPC's threads and hop onto the context, where Arrow is
 * decoded and rows encoded; every callback after the first failure or the end is ignored.
 */
final class StreamRead implements ResponseObserver<ReadRowsResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(StreamRead.class);

  private final Context context;
  private final TableReader reader;
  private final ReadOrder order;
  private final String exportName;
  private final String runId;
  private final CreditedSender<Chunk> sender;
  private final Promise<Long> result = Promise.promise();
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
  private volatile StreamController controller;
  private BufferAllocator allocator;
  private ArrowBatchDecoder decoder;
  private RowEncoder encoder;
  private long rows;
  private long responses;
  private boolean ended;
  private boolean decoding; // the decoder's root is in use: release it only afterwards

  StreamRead(Context context, TableReader reader, ReadOrder order, String exportName, String runId) {
    this.context = context;
    this.reader = reader;
    this.order = order;
    this.exportName = exportName;
    this.runId = runId;
    this.sender = new CreditedSender<>(context.owner().eventBus(), order.chunkAddress(), order.window(),
        order.replyTimeoutMillis());
  }

  /** Starts the call (on the context); the future completes with the rows read once every chunk was taken. */
  Future<Long> start() {
    inRun(() -> {
      try {
        allocator = order.allocator().newChildAllocator(order.streamName(), 0, Long.MAX_VALUE);
        decoder = new ArrowBatchDecoder(order.schema(), allocator);
        encoder = order.encoders().get();
      } catch (RuntimeException | Error e) {
        fail(e);
        return;
      }
      if (!order.cancellation().onCancel(() -> context.runOnContext(v -> inRun(() -> cancel())))) {
        cancel();
        return;
      }
      reader.readRows(order.streamName(), this);
    });
    return result.future();
  }

  @Override
  public void onStart(StreamController controller) {
    controller.disableAutoInboundFlowControl();
    this.controller = controller;
    controller.request(1);
  }

  @Override
  public void onResponse(ReadRowsResponse response) {
    context.runOnContext(v -> inRun(() -> take(response)));
  }

  @Override
  public void onError(Throwable error) {
    context.runOnContext(v -> inRun(() -> fail(error)));
  }

  @Override
  public void onComplete() {
    context.runOnContext(v -> inRun(this::complete));
  }

  private void take(ReadRowsResponse response) {
    if (ended) {
      return;
    }
    responses++;
    decoding = true;
    try {
      if (response.hasArrowRecordBatch()) {
        var batch = response.getArrowRecordBatch().getSerializedRecordBatch();
        order.bytesRead().accept(batch.size());
        decoder.decode(batch, root -> {
          rows += root.getRowCount();
          encoder.encode(order.columns().apply(root), order.maxChunkBytes(), this::send);
        });
      }
    } catch (Exception | Error e) {
      fail(e);
      return;
    } finally {
      decoding = false;
      if (ended) {
        release(); // a send failed while the batch was being encoded
      }
    }
    // This response's chunks are out; the next one is asked for once they have credit again.
    sender.whenCredit(() -> {
      if (!ended) {
        controller.request(1);
      }
    });
  }

  /** Copies the encoder's bytes (valid only during the call) into a chunk the receiver owns until it replies. */
  private void send(byte[] bytes, int length, long chunkRows) {
    if (ended) {
      return; // failed meanwhile: the rest of this batch goes nowhere
    }
    byte[] copy = buffer(length);
    System.arraycopy(bytes, 0, copy, 0, length);
    sender.send(new Chunk(copy, length, chunkRows)).onComplete(ar -> inRun(() -> {
      if (ar.succeeded()) {
        if (spare.size() < order.window()) {
          spare.push(copy);
        }
      } else {
        // A chunk that failed (or timed out) may still be in the receiver's hands: never reuse it.
        fail(ar.cause());
      }
    }));
  }

  private byte[] buffer(int length) {
    byte[] reused = spare.poll();
    return reused != null && reused.length >= length ? reused : new byte[Math.max(length, order.maxChunkBytes())];
  }

  private void complete() {
    if (ended) {
      return;
    }
    sender.settled().onComplete(ar -> inRun(() -> {
      if (ar.failed()) {
        fail(ar.cause());
      } else if (!ended) {
        end();
        LOG.debug("read {}: {} rows in {} responses", order.streamName(), rows, responses);
        result.complete(rows);
      }
    }));
  }

  private void cancel() {
    fail(new CancellationException("read of " + order.streamName() + " cancelled"));
  }

  private void fail(Throwable error) {
    if (ended) {
      return;
    }
    end();
    StreamController call = controller;
    if (call != null) {
      call.cancel(); // no-op once the call ended
    }
    result.fail(error);
  }

  private void end() {
    ended = true;
    spare.clear();
    if (!decoding) {
      release();
    }
  }

  private void release() {
    if (decoder != null) {
      decoder.close();
      decoder = null;
    }
    if (allocator != null) {
      allocator.close();
      allocator = null;
    }
  }

  private void inRun(Runnable action) {
    try (LogContext ignored = LogContext.forRun(exportName, runId)) {
      action.run();
    }
  }
}
