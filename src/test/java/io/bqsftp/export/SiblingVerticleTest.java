package io.bqsftp.export;

import io.bqsftp.contract.ExportRequest;
import io.bqsftp.service.ExportEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The event-bus contract of docs/event-bus.md, used the way a sibling verticle would. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SiblingVerticleTest {
  @TempDir Path dir;
  LocalStack stack;
  ExportEngine engine;

  /**
   * The example: listens to {@code export.events} for its own run, requests the export on
   * {@code export.run} and completes with the reply and the events it saw.
   */
  static final class NightlyReport extends VerticleBase {
    final Promise<JsonObject> reply = Promise.promise();
    final List<JsonObject> events = new ArrayList<>();
    final Promise<Void> finished = Promise.promise();

    @Override
    public Future<?> start() {
      vertx.eventBus().<JsonObject>consumer(ExportCoordinator.EVENTS_ADDRESS, message -> {
        JsonObject event = message.body();
        if (!"product_data".equals(event.getString("export_name"))) {
          return;
        }
        events.add(event);
        if (event.getString("type").equals("finished")) {
          finished.tryComplete();
        }
      });
      new ExportClient(vertx)
          .run(new ExportRequest("product_data", Optional.of(LocalDate.of(2025, 3, 17))))
          .onComplete(reply);
      return Future.succeededFuture();
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    stack.close();
  }

  private Future<String> deployCoordinator(Vertx vertx, ServiceConfig config) throws Exception {
    engine = ExportEngine.start(config);
    return vertx.deployVerticle(new ExportCoordinator(config, engine, Clock.systemUTC()));
  }

  @Test
  void siblingRequestsAnExportAndFollowsItsEvents(Vertx vertx, VertxTestContext ctx) throws Exception {
    stack = LocalStack.start(dir, 3_000);
    stack.bigquery.setBatchRows(100);
    // About 2.5 s of reading: long enough for throttled progress events.
    stack.bigquery.setReadDelay(Duration.ofMillis(250));
    NightlyReport sibling = new NightlyReport();

    deployCoordinator(vertx, stack.config(Map.of("product_data", LocalStack.fullExport())))
        .compose(id -> vertx.deployVerticle(sibling))
        .compose(id -> Future.all(sibling.reply.future(), sibling.finished.future()))
        .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
          JsonObject result = sibling.reply.future().result();
          assertThat(result.getString("status")).isEqualTo("succeeded");
          assertThat(result.getLong("rows")).isEqualTo(3_000L);
          String runId = result.getString("run_id");

          List<String> types = sibling.events.stream().map(e -> e.getString("type")).toList();
          assertThat(types.get(0)).isEqualTo("started");
          assertThat(types.get(types.size() - 1)).isEqualTo("finished");
          assertThat(types).contains("progress");
          assertThat(sibling.events).allSatisfy(e -> {
            assertThat(e.getString("run_id")).isEqualTo(runId);
            assertThat(e.getString("date")).isEqualTo("2025-03-17");
          });
          List<JsonObject> progress = sibling.events.stream().filter(e -> e.getString("type").equals("progress")).toList();
          // Throttled: at most about one per second of a ~2.5 s run.
          assertThat(progress.size()).isBetween(1, 5);
          assertThat(progress).allSatisfy(e -> assertThat(e.getJsonObject("progress").getLong("rows")).isPositive());
          JsonObject finished = sibling.events.get(sibling.events.size() - 1);
          assertThat(finished.getString("status")).isEqualTo("succeeded");
          assertThat(finished.getJsonObject("progress").getInteger("files_landed")).isEqualTo(1);
          assertThat(finished.getJsonObject("result").getLong("rows")).isEqualTo(3_000L);
          ctx.completeNow();
        })));
  }

  @Test
  void startRepliesAtOnceAndASecondRequestJoins(Vertx vertx, VertxTestContext ctx) throws Exception {
    stack = LocalStack.start(dir, 1_000);
    stack.bigquery.setBatchRows(100);
    stack.bigquery.setReadDelay(Duration.ofMillis(200));
    ExportClient client = new ExportClient(vertx);
    ExportRequest request = new ExportRequest("product_data", Optional.of(LocalDate.of(2025, 3, 17)));

    deployCoordinator(vertx, stack.config(Map.of("product_data", LocalStack.fullExport())))
        .compose(id -> client.start(request))
        .compose(first -> client.start(request).map(second -> List.of(first, second)))
        // Joining with export.run waits for the same run to end, so nothing writes after the test.
        .compose(replies -> client.run(request).map(done -> List.of(replies.get(0), replies.get(1), done)))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          JsonObject first = replies.get(0);
          JsonObject second = replies.get(1);
          assertThat(first.getString("status")).isEqualTo("running");
          assertThat(first.getBoolean("joined")).isFalse();
          assertThat(second.getBoolean("joined")).isTrue();
          assertThat(second.getString("run_id")).isEqualTo(first.getString("run_id"));
          assertThat(replies.get(2).getString("run_id")).isEqualTo(first.getString("run_id"));
          assertThat(replies.get(2).getString("status")).isEqualTo("succeeded");
          ctx.completeNow();
        })));
  }

  @Test
  void failuresAreReplyExceptionsWithHttpCodesAndJson(Vertx vertx, VertxTestContext ctx) throws Exception {
    stack = LocalStack.start(dir, 10);
    deployCoordinator(vertx, stack.config(Map.of("product_data", LocalStack.fullExport())))
        .compose(id -> new ExportClient(vertx).run(new ExportRequest("nope", Optional.empty())))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ReplyException.class);
          assertThat(((ReplyException) e).failureCode()).isEqualTo(404);
          assertThat(ExportClient.failureBody(e).getString("error")).isEqualTo("export_name: unknown export \"nope\"");
          ctx.completeNow();
        })));
  }
}
