package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Liveness and readiness answer 200/503 as {@link ReadinessState} flips. */
@ExtendWith(VertxExtension.class)
class HealthRoutesTest {

  private record Probe(int live, int ready, JsonObject readyBody) {}

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void readinessFollowsConfigAndDrainingWhileLivenessStaysUp(Vertx vertx, VertxTestContext testContext) {
    ReadinessState state = new ReadinessState();
    Router router = Router.router(vertx);
    HealthChecks.mount(router, vertx, state);
    WebClient client = WebClient.create(vertx);

    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .compose(server -> {
          int port = server.actualPort();
          Probe[] seen = new Probe[3];
          return probe(client, port)                      // starting: config not yet valid
              .compose(p -> { seen[0] = p; state.markConfigValid(); return probe(client, port); })
              .compose(p -> { seen[1] = p; state.startDraining(); return probe(client, port); })
              .map(p -> { seen[2] = p; return List.of(seen); });
        })
        .onComplete(testContext.succeeding(probes -> testContext.verify(() -> {
          Probe starting = probes.get(0);
          Probe running = probes.get(1);
          Probe draining = probes.get(2);

          assertThat(starting.live()).isEqualTo(200);
          assertThat(starting.ready()).isEqualTo(503);
          assertThat(check(starting.readyBody(), HealthChecks.CONFIG_PROCEDURE)).isEqualTo("DOWN");

          assertThat(running.live()).isEqualTo(200);
          assertThat(running.ready()).isEqualTo(200);
          assertThat(running.readyBody().getString("status")).isEqualTo("UP");

          assertThat(draining.live()).isEqualTo(200);
          assertThat(draining.ready()).isEqualTo(503);
          assertThat(check(draining.readyBody(), HealthChecks.SHUTDOWN_PROCEDURE)).isEqualTo("DOWN");
          assertThat(check(draining.readyBody(), HealthChecks.CONFIG_PROCEDURE)).isEqualTo("UP");
          testContext.completeNow();
        })));
  }

  private static Future<Probe> probe(WebClient client, int port) {
    return client.get(port, "127.0.0.1", HealthChecks.LIVE_PATH).send()
        .compose(live -> client.get(port, "127.0.0.1", HealthChecks.READY_PATH).send()
            .map(ready -> new Probe(live.statusCode(), ready.statusCode(), ready.bodyAsJsonObject())));
  }

  private static String check(JsonObject body, String id) {
    return body.getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id")))
        .map(c -> c.getString("status"))
        .findFirst()
        .orElse("missing");
  }
}
