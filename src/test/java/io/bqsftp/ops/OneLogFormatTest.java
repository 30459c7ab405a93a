package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log format: java.util.logging (what the Google client libraries use) ends up in logback, so
 * in the production configuration as JSON lines; and a run's context follows its tasks to other
 * threads.
 */
class OneLogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void javaUtilLoggingRecordsBecomeJsonLinesOfTheProductionFormat() throws Exception {
    LoggingSetup.routeJavaUtilLogging();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var captured = new ListAppender<ILoggingEvent>();
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
    try (LogContext ignored = LogContext.forRun("product_data", "run-jul")) {
      java.util.logging.Logger.getLogger("com.google.api.gax.grpc.Example").log(Level.WARNING, "channel {0} reset", "c1");
    } finally {
      root.detachAppender(captured);
    }
    assertThat(captured.list).hasSize(1);
    ILoggingEvent event = captured.list.get(0);
    assertThat(event.getLoggerName()).isEqualTo("com.google.api.gax.grpc.Example");
    assertThat(event.getFormattedMessage()).isEqualTo("channel c1 reset");
    assertThat(event.getMDCPropertyMap()).containsEntry("run_id", "run-jul");

    // The same event through the production JSON encoder.
    try (LogCapture capture = new LogCapture(Map.of())) {
      var appender = (ch.qos.logback.core.OutputStreamAppender<ILoggingEvent>)
          capture.context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
      appender.doAppend(event);
      JsonNode line = JSON.readTree(capture.output().strip());
      assertThat(line.path("severity").asText()).isEqualTo("WARNING");
      assertThat(line.path("message").asText()).isEqualTo("channel c1 reset");
      assertThat(line.path("run_id").asText()).isEqualTo("run-jul");
      assertThat(line.path("logger_name").asText()).isEqualTo("com.google.api.gax.grpc.Example");
    }
  }

  @Test
  void productionConfigKeepsJulLevelsInStepWithLogback() throws Exception {
    try (LogCapture capture = new LogCapture(Map.of())) {
      assertThat(capture.context().getCopyOfListenerList()).anyMatch(l -> l instanceof LevelChangePropagator);
      // Libraries are at WARN in logback.xml, so JUL does not even build their INFO records.
      assertThat(java.util.logging.Logger.getLogger("io.grpc").getLevel()).isEqualTo(Level.WARNING);
      assertThat(java.util.logging.Logger.getLogger("com.google").getLevel()).isEqualTo(Level.WARNING);
    }
  }

  @Test
  void tasksRunInTheLogContextOfTheRunThatSubmittedThem() throws Exception {
    ExecutorService thread = Executors.newFixedThreadPool(1);
    Executor pool = MdcExecutors.wrap((Executor) thread);
    try {
      // The pool's thread is created outside any run and then shared by two runs.
      assertThat(runId(pool)).isNull();
      String first;
      String second;
      try (LogContext ignored = LogContext.forRun("a", "run-a")) {
        first = CompletableFuture.supplyAsync(() -> MDC.get(LogContext.RUN_ID) + "/" + MDC.get(LogContext.EXPORT_NAME), pool)
            .get(10, TimeUnit.SECONDS);
      }
      try (LogContext ignored = LogContext.forRun("b", "run-b")) {
        second = runId(pool);
      }
      assertThat(first).isEqualTo("run-a/a");
      assertThat(second).isEqualTo("run-b");
      // Nothing of either run stays on the pooled thread.
      assertThat(runId(pool)).isNull();
    } finally {
      thread.shutdownNow();
    }
  }

  private static String runId(Executor pool) throws Exception {
    return CompletableFuture.supplyAsync(() -> MDC.get(LogContext.RUN_ID), pool).get(10, TimeUnit.SECONDS);
  }
}
