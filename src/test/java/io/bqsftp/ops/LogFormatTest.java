package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The production logback.xml: JSON fields for Cloud Logging, text switch, level switch. */
class LogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonLinesCarrySeverityMessageTimestampAndRunContext() throws Exception {
    List<JsonNode> lines;
    try (LogCapture capture = new LogCapture(Map.of())) {
      Logger log = capture.logger("io.bqsftp.export.Coordinator");
      try (LogContext ignored = LogContext.forRun("product_data", "run-1")
          .with(LogContext.TRACE, "projects/my-project/traces/0123456789abcdef0123456789abcdef")) {
        log.info("export started");
        log.warn("slow upload");
        log.error("upload failed", new IllegalStateException("boom"));
      }
      log.info("after the run");
      log.debug("hidden at INFO");
      lines = parse(capture.output());
    }

    assertThat(lines).hasSize(4);
    JsonNode started = lines.get(0);
    assertThat(started.path("severity").asText()).isEqualTo("INFO");
    assertThat(started.path("message").asText()).isEqualTo("export started");
    assertThat(started.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    assertThat(started.path("export_name").asText()).isEqualTo("product_data");
    assertThat(started.path("run_id").asText()).isEqualTo("run-1");
    assertThat(started.path("logging.googleapis.com/trace").asText())
        .isEqualTo("projects/my-project/traces/0123456789abcdef0123456789abcdef");
    assertThat(started.has("level")).isFalse();
    assertThat(lines.get(1).path("severity").asText()).isEqualTo("WARNING");
    assertThat(lines.get(2).path("severity").asText()).isEqualTo("ERROR");
    assertThat(lines.get(2).path("stack_trace").asText()).contains("IllegalStateException: boom");
    assertThat(lines.get(3).has("export_name")).isFalse();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void logLevelPropertyTurnsOnDebugAndLibrariesStayQuiet() throws Exception {
    List<JsonNode> lines;
    try (LogCapture capture = new LogCapture(Map.of("LOG_LEVEL", "DEBUG"))) {
      capture.logger("io.bqsftp.Main").debug("debug visible");
      capture.logger("net.schmizz.sshj.transport.TransportImpl").info("library chatter");
      capture.logger("org.apache.sshd.server.SshServer").info("library chatter");
      capture.logger("io.micrometer.core.instrument.MeterRegistry").warn("This Gauge has been already registered");
      lines = parse(capture.output());
    }
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).path("severity").asText()).isEqualTo("DEBUG");
  }

  @Test
  void textFormatIsHumanReadable() throws Exception {
    String output;
    try (LogCapture capture = new LogCapture(Map.of("LOG_FORMAT", "text"))) {
      try (LogContext ignored = LogContext.forRun("customer_data", "run-7")) {
        capture.logger("io.bqsftp.Main").info("hello operator");
      }
      output = capture.output();
    }
    assertThat(output).doesNotStartWith("{")
        .contains("INFO", "io.bqsftp.Main", "[customer_data/run-7]", "hello operator");
  }

  @Test
  void logContextRestoresOuterValues() {
    try (LogContext outer = LogContext.forExport("outer")) {
      try (LogContext inner = LogContext.forRun("inner", "r1")) {
        assertThat(MDC.get(LogContext.EXPORT_NAME)).isEqualTo("inner");
      }
      assertThat(MDC.get(LogContext.EXPORT_NAME)).isEqualTo("outer");
      assertThat(MDC.get(LogContext.RUN_ID)).isNull();
    }
    assertThat(MDC.get(LogContext.EXPORT_NAME)).isNull();
  }

  @Test
  void debugFlagFollowsTheSeedsSpelling() {
    assertThat(LoggingSetup.isDebugFlag("True")).isTrue();
    assertThat(LoggingSetup.isDebugFlag("1")).isTrue();
    assertThat(LoggingSetup.isDebugFlag("False")).isFalse();
    assertThat(LoggingSetup.isDebugFlag(null)).isFalse();
  }

  private static List<JsonNode> parse(String output) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }
}
