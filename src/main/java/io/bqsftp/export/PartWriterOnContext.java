package io.bqsftp.export;

import io.bqsftp.delivery.PartOutcome;
import io.bqsftp.delivery.PartWriter;
import io.bqsftp.ops.MdcExecutors;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Lets the run's read threads (plain threads, outside Vert.x) use a {@link PartWriter}, which lives
 * on ONE Vert.x worker context: every call hops onto that context (a worker verticle deployed
 * for the run) and the calling thread waits, interruptibly, for its answer. {@link #write} returns
 * when the writer is writable again, so a slow upload still slows ReadRows. An interim bridge until
 * the read stage runs as verticles itself and calls the writer on its own context.
 */
final class PartWriterOnContext implements AutoCloseable {
  // Quick calls (abort, outcomes) answer at once unless the context is wedged.
  private static final long QUICK_SECONDS = 60;

  private final Vertx vertx;
  private final Context context;
  private final String deploymentId;
  private final PartWriter parts;

  private PartWriterOnContext(Vertx vertx, Context context, String deploymentId, PartWriter parts) {
    this.vertx = vertx;
    this.context = context;
    this.deploymentId = deploymentId;
    this.parts = parts;
  }

  /** A worker context of its own for {@code parts}. Blocks (up to a minute) while it is deployed. */
  static PartWriterOnContext deploy(Vertx vertx, PartWriter parts) throws IOException {
    var holder = new ContextHolder();
    String id = await(vertx.deployVerticle(holder, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)),
        QUICK_SECONDS);
    return new PartWriterOnContext(vertx, holder.context(), id, parts);
  }

  int maxChunkBytes() {
    return parts.maxChunkBytes();
  }

  /** {@link PartWriter#write}, then waits until the writer is writable again. */
  void write(byte[] bytes, int length, long rows) throws IOException {
    CompletableFuture<Void> writable = new CompletableFuture<>();
    Runnable task = MdcExecutors.wrap(() -> {
      try {
        parts.write(bytes, length, rows);
        parts.whenWritable(() -> writable.complete(null));
      } catch (IOException | RuntimeException e) {
        writable.completeExceptionally(e);
      }
    });
    context.runOnContext(v -> task.run());
    await(writable, Long.MAX_VALUE);
  }

  /** {@link PartWriter#finishing}, waited for. */
  List<PartOutcome> finish() throws IOException {
    return await(call(parts::finishing), Long.MAX_VALUE);
  }

  void abort() throws IOException {
    await(call(() -> {
      parts.abort();
      return Future.succeededFuture();
    }), QUICK_SECONDS);
  }

  List<PartOutcome> outcomes() throws IOException {
    return await(call(() -> Future.succeededFuture(parts.outcomes())), QUICK_SECONDS);
  }

  /** Undeploys the context (best effort, not waited for). */
  @Override
  public void close() {
    vertx.undeploy(deploymentId);
  }

  private <T> Future<T> call(Supplier<Future<T>> action) {
    var promise = io.vertx.core.Promise.<T>promise();
    Runnable task = MdcExecutors.wrap(() -> {
      try {
        action.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    context.runOnContext(v -> task.run());
    return promise.future();
  }

  private static <T> T await(Future<T> future, long seconds) throws IOException {
    return await(future.toCompletionStage().toCompletableFuture(), seconds);
  }

  private static <T> T await(CompletableFuture<T> future, long seconds) throws IOException {
    try {
      return seconds == Long.MAX_VALUE ? future.get() : future.get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export cancelled");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof ReplyException reply) {
        // An uploader's failure (a spool that cannot be written, a seal that broke off).
        throw new IOException(reply.getMessage(), reply);
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IOException("the run's writer context did not answer within " + seconds + " s", e);
    }
  }

  /** A worker verticle that only gives the run its context. */
  private static final class ContextHolder extends VerticleBase {
    Context context() {
      return context;
    }
  }
}
