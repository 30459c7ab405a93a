package io.bqsftp.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.support.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's blocking thread waits on its stages (reader verticles, the run's assembler): cancelling
 * it, by interrupt or through its progress report, cancels the ReadRows calls and drops the open
 * part, and the run ends failed without a file under a final name.
 */
class RunCancellationThroughStagesTest {
  private static final LocalDate DATE = LocalDate.of(2024, 6, 30);
  private static final int ROWS = 150_000;
  private static final int BATCH_ROWS = 500;

  @TempDir Path dir;
  LocalStack stack;
  ExportEngine engine;
  ServiceConfig config;

  @BeforeEach
  void start() throws Exception {
    stack = LocalStack.start(dir, ROWS);
    stack.bigquery.setBatchRows(BATCH_ROWS);
    stack.bigquery.setReadDelay(Duration.ofMillis(20)); // several seconds in all: time to cancel mid-way
    config = stack.config(Map.of("all", LocalStack.fullExport().put("compress", false)));
    engine = stack.engine(config);
  }

  @AfterEach
  void stop() throws Exception {
    stack.close();
  }

  @Test
  void interruptingTheRunsThreadCancelsTheReadsAndDropsTheOpenPart() throws Exception {
    AtomicLong written = new AtomicLong();
    var result = new CompletableFuture<ExportResult>();
    var interruptKept = new AtomicBoolean();
    Thread run = new Thread(() -> {
      result.complete(engine.run(RunPlan.of(config.export("all").orElseThrow(), DATE),
          (rows, bytes) -> written.addAndGet(rows)));
      interruptKept.set(Thread.currentThread().isInterrupted());
    }, "test-run");
    run.start();
    awaitTrue("rows written", () -> written.get() > 0);
    run.interrupt();

    ExportResult ended = result.get(30, TimeUnit.SECONDS);
    run.join(10_000);
    assertThat(ended.succeeded()).isFalse();
    assertThat(interruptKept).isTrue(); // handed back to the caller (the coordinator's worker)
    assertReadsStoppedAndNoPartLanded();
  }

  @Test
  void aProgressReportThatThrowsCancelsTheRun() throws Exception {
    RunProgress cancelling = (rows, bytes) -> {
      throw new CancellationException("export cancelled");
    };
    var result = CompletableFuture.supplyAsync(
        () -> engine.run(RunPlan.of(config.export("all").orElseThrow(), DATE), cancelling));

    ExportResult ended = result.get(30, TimeUnit.SECONDS);
    assertThat(ended.succeeded()).isFalse();
    assertThat(ended.failure().orElseThrow().message()).contains("export cancelled");
    assertReadsStoppedAndNoPartLanded();
  }

  /** The server sends nothing more once the run ended, far fewer batches than the table has. */
  private void assertReadsStoppedAndNoPartLanded() throws Exception {
    long sent = stack.bigquery.batchesSent();
    Thread.sleep(500); // an interval in which a still-running read would send ~25 batches per stream
    assertThat(stack.bigquery.batchesSent()).isEqualTo(sent).isLessThan(ROWS / BATCH_ROWS);
    List<String> names = stack.files().map(p -> p.getFileName().toString()).toList();
    assertThat(names).noneMatch(n -> n.matches("all_20240630-\\d{12}\\.csv"));
    assertThat(names).noneMatch(n -> n.contains("all_20240630-")); // the open part's temp file is gone too
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
