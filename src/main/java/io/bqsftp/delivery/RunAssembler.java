package io.bqsftp.delivery;

import io.bqsftp.bus.BusMessages;
import io.bqsftp.bus.FailureReply;
import io.bqsftp.bus.LocalCodec;
import io.bqsftp.ops.LogContext;
import io.bqsftp.read.Chunk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One run's assembly: takes the chunks of all its read streams at {@link #address(String)} and
 * writes them into the run's parts, on one worker context (PartWriter is driven from one context).
 * A chunk is answered only from {@link PartWriter#whenWritable}, so a slow upload holds back the
 * readers' credits and, through them, ReadRows. Deployed per run by {@link ExportRunner}.
 */
public final class RunAssembler extends VerticleBase {
  private final String address;
  private final String exportName;
  private final String runId;
  private final PartWriter parts;
  private final RunProgress progress;
  private final Promise<Void> failed = Promise.promise();
  private volatile Throwable failure;

  public RunAssembler(String exportName, String runId, PartWriter parts, RunProgress progress) {
    this.address = address(runId);
    this.exportName = exportName;
    this.runId = runId;
    this.parts = parts;
    this.progress = progress;
  }

  /** Where a run's chunks go. */
  public static String address(String runId) {
    return "bqsftp.run." + runId + ".chunks";
  }

  public String address() {
    return address;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx.eventBus(), Chunk.class);
    return vertx.eventBus().<Chunk>consumer(address, message -> BusMessages.inContext(message, () -> take(message)))
        .completion();
  }

  private void take(Message<Chunk> message) {
    if (failure != null) {
      FailureReply.fail(message, failure);
      return;
    }
    Chunk chunk = message.body();
    try {
      parts.write(chunk.bytes(), chunk.length(), chunk.rows());
      // Throws once the run is cancelled: the reads stop like on any write failure.
      progress.rowsWritten(chunk.rows(), chunk.length());
    } catch (Exception | Error e) {
      failure = e;
      failed.tryFail(e);
      FailureReply.fail(message, e);
      return;
    }
    parts.whenWritable(() -> message.reply(null));
  }

  /** Fails with the first chunk that could not be written (or the cancellation), never completes otherwise. */
  public Future<Void> failed() {
    return failed.future();
  }

  /** The first failure of a write, if any (the run's root cause when reads fail after it). */
  public Throwable failure() {
    return failure;
  }

  /** After the last chunk: the parts' outcomes once each is sealed or staged. */
  public Future<List<PartOutcome>> finishing() {
    Promise<List<PartOutcome>> promise = Promise.promise();
    onContext(parts::finishing).onComplete(ar -> {
      if (ar.succeeded()) {
        ar.result().onComplete(promise);
      } else {
        promise.fail(ar.cause());
      }
    });
    return promise.future();
  }

  /** Drops the open part; the outcomes of the parts ended so far. */
  public Future<List<PartOutcome>> abort() {
    return onContext(() -> {
      parts.abort();
      return parts.outcomes();
    });
  }

  private <T> Future<T> onContext(Callable<T> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try (LogContext ignored = LogContext.forRun(exportName, runId)) {
        promise.complete(action.call());
      } catch (Exception | Error e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
