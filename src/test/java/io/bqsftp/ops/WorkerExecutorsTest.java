package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.compress.ParallelGzipOutputStream;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/** The deflate threads as a named Vert.x worker pool behind the Executor the gzip stream takes. */
@ExtendWith(VertxExtension.class)
class WorkerExecutorsTest {

  @Test
  void parallelGzipDeflatesOnTheNamedWorkerPoolInTheWritersLogContext(Vertx vertx) throws Exception {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("gzip-deflate-test", 2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Set<String> runIds = ConcurrentHashMap.newKeySet();
    Executor pool = WorkerExecutors.asExecutor(workers);
    Executor observed = task -> pool.execute(() -> {
      threads.add(Thread.currentThread().getName());
      runIds.add(String.valueOf(MDC.get(LogContext.RUN_ID)));
      task.run();
    });
    byte[] text = new byte[3 * 1024 * 1024];
    Random random = new Random(5);
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ('a' + random.nextInt(8));
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (LogContext ignored = LogContext.forRun("orders", "orders-run-7");
        var out = new ParallelGzipOutputStream(gz, 6, 256 * 1024, 4, observed)) {
      out.write(text);
    }
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(text);
    }
    assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("gzip-deflate-test-"));
    assertThat(runIds).containsExactly("orders-run-7");
    workers.close();
  }

  @Test
  void aClosedPoolRejectsTasks(Vertx vertx) throws Exception {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("gzip-deflate-closed", 1);
    Executor pool = WorkerExecutors.asExecutor(workers);
    io.bqsftp.support.Await.result(workers.close(), 10);
    assertThatThrownBy(() -> pool.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
  }
}
