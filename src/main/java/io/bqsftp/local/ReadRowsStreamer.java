package io.bqsftp.local;

import com.google.cloud.bigquery.storage.v1.ArrowRecordBatch;
import com.google.cloud.bigquery.storage.v1.ArrowSchema;
import com.google.cloud.bigquery.storage.v1.ReadRowsResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one ReadRows call's batches under gRPC flow control: a batch is produced only while the
 * transport is ready, so a slow client holds the server to a batch or two in flight instead of
 * the whole table. At most one pump runs at a time (the observer is not thread-safe).
 */
final class ReadRowsStreamer {
  private static final Logger LOG = LoggerFactory.getLogger(ReadRowsStreamer.class);

  private final ServerCallStreamObserver<ReadRowsResponse> observer;
  private final StreamCursor cursor;
  private final StreamPlan plan;
  private final ServerOptions options;
  private final FaultInjector faults;
  private final ScheduledExecutorService executor;
  private final Runnable onBatchSent;
  private final AtomicBoolean pumping = new AtomicBoolean();
  private volatile boolean cancelled;
  private volatile boolean finished;
  private boolean schemaSent;

  ReadRowsStreamer(ServerCallStreamObserver<ReadRowsResponse> observer, StreamCursor cursor, StreamPlan plan,
      ServerOptions options, FaultInjector faults, ScheduledExecutorService executor, Runnable onBatchSent) {
    this.observer = observer;
    this.cursor = cursor;
    this.plan = plan;
    this.options = options;
    this.faults = faults;
    this.executor = executor;
    this.onBatchSent = onBatchSent;
  }

  /** Must run inside the ReadRows handler: gRPC only accepts the handlers there. */
  void start() {
    observer.setOnReadyHandler(this::schedule);
    observer.setOnCancelHandler(() -> {
      cancelled = true;
      schedule();
    });
    schedule();
  }

  private void schedule() {
    if (!finished && pumping.compareAndSet(false, true)) {
      executor.execute(this::pump);
    }
  }

  private void pump() {
    try {
      while (!finished) {
        if (cancelled) {
          finish();
          return;
        }
        if (!observer.isReady()) {
          break;
        }
        boolean more = sendNext();
        long delayNanos = options.readDelay.toNanos();
        if (more && delayNanos > 0) {
          // Keep the pump flag: the delayed task continues this pump.
          executor.schedule(this::pump, delayNanos, TimeUnit.NANOSECONDS);
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.warn("ReadRows of {} failed", plan.name(), e);
      fail(Status.INTERNAL.withDescription("local server: " + e).withCause(e));
    }
    pumping.set(false);
    // An onReady that arrived after isReady() said no but before the flag was reset is not lost.
    if (!finished && (cancelled || observer.isReady())) {
      schedule();
    }
  }

  /** Sends one batch or ends the call; returns whether more may follow. */
  private boolean sendNext() {
    long failAt = faults.failurePoint(plan.name());
    if (failAt == cursor.position()) {
      Status status = faults.fire(plan.name());
      if (status != null) {
        fail(status);
        return false;
      }
    }
    int limit = options.batchRows;
    if (failAt > cursor.position()) {
      limit = (int) Math.min(limit, failAt - cursor.position());
    }
    StreamCursor.Batch batch = cursor.next(limit);
    if (batch == null) {
      if (cursor.unskippedOffset() > 0) {
        fail(Status.OUT_OF_RANGE.withDescription(
            "offset is beyond the end of " + plan.name() + " by " + cursor.unskippedOffset() + " rows"));
      } else {
        finish();
        observer.onCompleted();
      }
      return false;
    }
    ReadRowsResponse.Builder response = ReadRowsResponse.newBuilder()
        .setRowCount(batch.rows())
        .setArrowRecordBatch(ArrowRecordBatch.newBuilder()
            .setSerializedRecordBatch(batch.message())
            .setRowCount(batch.rows()));
    if (!schemaSent) {
      // Like the real service, the first response of a call also carries the schema.
      response.setArrowSchema(ArrowSchema.newBuilder()
          .setSerializedSchema(ArrowIpc.schemaMessage(plan.readSchema())));
      schemaSent = true;
    }
    observer.onNext(response.build());
    onBatchSent.run();
    return true;
  }

  private void fail(Status status) {
    if (!finished) {
      finish();
      try {
        observer.onError(status.asRuntimeException());
      } catch (RuntimeException ignored) {
        // The call is already closed (cancelled); nothing to tell the client.
      }
    }
  }

  private void finish() {
    if (!finished) {
      finished = true;
      cursor.close();
    }
  }
}
