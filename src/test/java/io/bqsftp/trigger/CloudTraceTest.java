package io.bqsftp.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Cloud Run's trace headers on {@code POST /}: the JSON log lines of the run the request starts
 * carry {@code logging.googleapis.com/trace} with the configured project, read from the production
 * log encoder's output.
 */
class CloudTraceTest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path dir;
  LocalStack stack;
  ServiceRuntime runtime;
  WebClient client;
  JsonLines logs;

  @BeforeEach
  void start() throws Exception {
    logs = JsonLines.attach();
    stack = LocalStack.start(dir, 100);
    JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()))
        .put("server", new JsonObject().put("port", 0))
        .put("trace_project", "my-project-1");
    runtime = ServiceRuntime.start(Vertx.vertx(), ConfigLoader.fromJson(json, Map.of()),
        new ServiceRuntime.Options(true, false, Optional.empty()));
    client = WebClient.create(runtime.vertx());
  }

  @AfterEach
  void stop() throws Exception {
    logs.detach();
    runtime.close();
    stack.close();
  }

  private HttpResponse<Buffer> run(String date, String header, String value) throws Exception {
    HttpRequest<Buffer> request = client.post(runtime.httpPort(), "127.0.0.1", "/")
        .putHeader("content-type", "application/json");
    if (header != null) {
      request.putHeader(header, value);
    }
    return Await.result(request.sendBuffer(Buffer.buffer(
        new JsonObject().put("export_name", "product_data").put("date", date).encode())), 60);
  }

  private List<JsonObject> runLines(String date) {
    return logs.lines().stream()
        .filter(line -> "product_data".equals(line.getString("export_name"))
            && line.getString("run_id", "").contains(date.replace("-", "")))
        .toList();
  }

  @Test
  void aRunStartedByATracedRequestLogsWithItsTrace() throws Exception {
    assertThat(run("2025-03-17", "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01").statusCode())
        .isEqualTo(200);

    List<JsonObject> lines = runLines("2025-03-17");
    assertThat(lines).as(logs.text()).isNotEmpty().allSatisfy(line ->
        assertThat(line.getString("logging.googleapis.com/trace"))
            .isEqualTo("projects/my-project-1/traces/" + TRACE_ID));
  }

  @Test
  void theCloudTraceContextHeaderWorksToo() throws Exception {
    assertThat(run("2025-03-18", "X-Cloud-Trace-Context", TRACE_ID.toUpperCase() + "/1;o=1").statusCode())
        .isEqualTo(200);

    assertThat(runLines("2025-03-18")).as(logs.text()).isNotEmpty().allSatisfy(line ->
        assertThat(line.getString("logging.googleapis.com/trace"))
            .isEqualTo("projects/my-project-1/traces/" + TRACE_ID));
  }

  @Test
  void untracedOrMalformedRequestsLogWithoutATrace() throws Exception {
    assertThat(run("2025-03-19", null, null).statusCode()).isEqualTo(200);
    assertThat(run("2025-03-20", "X-Cloud-Trace-Context", "not-a-trace\"/1").statusCode()).isEqualTo(200);

    assertThat(runLines("2025-03-19")).as(logs.text()).isNotEmpty()
        .allSatisfy(line -> assertThat(line.containsKey("logging.googleapis.com/trace")).isFalse());
    assertThat(runLines("2025-03-20")).as(logs.text()).isNotEmpty()
        .allSatisfy(line -> assertThat(line.containsKey("logging.googleapis.com/trace")).isFalse());
  }

  @Test
  void headerParsing() {
    assertThat(CloudTrace.traceId("00-" + TRACE_ID + "-00f067aa0ba902b7-01", null)).contains(TRACE_ID);
    assertThat(CloudTrace.traceId(null, TRACE_ID + "/42;o=1")).contains(TRACE_ID);
    assertThat(CloudTrace.traceId(null, TRACE_ID)).contains(TRACE_ID);
    assertThat(CloudTrace.traceId("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", null)).isEmpty();
    assertThat(CloudTrace.traceId("garbage", "also/garbage")).isEmpty();
  }

  /**
   * The root logger's events, encoded on the logging thread (the MDC is per thread) by the
   * production CONSOLE appender's encoder.
   */
  static final class JsonLines extends AppenderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> encoder;
    private final StringBuffer text = new StringBuffer();

    private JsonLines(Encoder<ILoggingEvent> encoder) {
      this.encoder = encoder;
    }

    @SuppressWarnings("unchecked")
    static JsonLines attach() {
      Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
      var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE");
      assumeThat(console.getEncoder().getClass().getSimpleName()).as("LOG_FORMAT=json").isEqualTo("LogstashEncoder");
      JsonLines lines = new JsonLines(console.getEncoder());
      lines.setContext(root.getLoggerContext());
      lines.start();
      root.addAppender(lines);
      return lines;
    }

    void detach() {
      ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
      stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
      text.append(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }

    String text() {
      return text.toString();
    }

    List<JsonObject> lines() {
      return text.toString().lines().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
    }
  }
}
