package io.bqsftp.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run date of a request without one, over real HTTP with a fixed clock just after midnight
 * UTC: the request's arrival, or the scheduler's schedule time, or a push message's publish time —
 * whichever says when the run was asked for — never the moment it happens to be processed.
 */
class IntendedDateTest {
  /** "Now" for the service: ten minutes into 2025-03-18 UTC. */
  static final Instant NOW = Instant.parse("2025-03-18T00:10:00Z");

  @TempDir Path dir;
  LocalStack stack;
  ServiceRuntime runtime;
  WebClient client;
  int port;

  @BeforeEach
  void start() throws Exception {
    stack = LocalStack.start(dir, 50);
    JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()))
        .put("server", new JsonObject().put("port", 0));
    ServiceConfig config = ConfigLoader.fromJson(json, Map.of());
    ExportEngine engine = ExportEngine.start(config);
    Vertx vertx = Vertx.vertx();
    runtime = ServiceRuntime.start(vertx, config, new ServiceRuntime.Options(true, false, Optional.empty()),
        engine, engine, Clock.fixed(NOW, ZoneOffset.UTC));
    port = runtime.httpPort();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    runtime.close();
    stack.close();
  }

  private JsonObject post(String uri, String body, String scheduleTime) throws Exception {
    HttpRequest<Buffer> request = client.post(port, "127.0.0.1", uri).putHeader("content-type", "application/json");
    if (scheduleTime != null) {
      request.putHeader(TriggerBodies.SCHEDULE_TIME_HEADER, scheduleTime);
    }
    HttpResponse<Buffer> response = Await.result(request.sendBuffer(Buffer.buffer(body)), 60);
    assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(200, 202);
    return response.bodyAsJsonObject();
  }

  @Test
  void withoutADateAnHttpRequestRunsForTheDayItArrived() throws Exception {
    assertThat(post("/", "{\"export_name\":\"product_data\"}", null).getString("date")).isEqualTo("2025-03-18");
    assertThat(post("/exports/product_data/runs?wait=true", "", null).getString("date")).isEqualTo("2025-03-18");
  }

  @Test
  void aSchedulersScheduleTimeFixesTheDateOfARequestThatArrivesAfterMidnight() throws Exception {
    // Scheduled for 23:59 on the 17th, arriving at 00:10 on the 18th: the export of the 17th.
    JsonObject result = post("/", "{\"export_name\":\"product_data\"}", "2025-03-17T23:59:00Z");
    assertThat(result.getString("date")).isEqualTo("2025-03-17");
    assertThat(stack.root.resolve("outbound/product_data_20250317-000000000000.csv.gz")).exists();
    // An explicit date always wins.
    assertThat(post("/", "{\"export_name\":\"product_data\",\"date\":\"2025-01-02\"}", "2025-03-17T23:59:00Z")
        .getString("date")).isEqualTo("2025-01-02");
  }

  @Test
  void aPushedPubSubMessageRunsForTheDayItWasPublished() throws Exception {
    String data = Base64.getEncoder().encodeToString("{\"export_name\":\"product_data\"}".getBytes(StandardCharsets.UTF_8));
    String envelope = "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"7\",\"publishTime\":\"2025-03-17T23:58:30.123Z\"},"
        + "\"subscription\":\"projects/p/subscriptions/s\"}";
    assertThat(post("/", envelope, null).getString("date")).isEqualTo("2025-03-17");
  }
}
