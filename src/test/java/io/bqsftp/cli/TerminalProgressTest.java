package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.contract.RunEvents;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The progress line follows its export's events on the bus, redraws in place and ends with a newline. */
@ExtendWith(VertxExtension.class)
class TerminalProgressTest {

  private static JsonObject event(String type, String export, long rows, long csvBytes, int landed) {
    return new JsonObject().put("type", type).put("export_name", export).put("run_id", export + "-1").put("date", "2025-03-17")
        .put("progress", new JsonObject().put("rows", rows).put("csv_bytes", csvBytes).put("files_landed", landed));
  }

  @Test
  void redrawsFromProgressEventsAndEndsTheLineWhenFinished(Vertx vertx, VertxTestContext test) throws Exception {
    var bytes = new ByteArrayOutputStream();
    var clock = new AtomicLong(0);
    var progress = TerminalProgress.follow(vertx, "product_data", "product_data 2025-03-17",
        new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get);
    progress.estimatedRows(OptionalLong.of(1_000));

    clock.set(2_000_000_000L);
    vertx.eventBus().publish(RunEvents.ADDRESS, event("progress", "product_data", 500, 4_000_000, 0));
    vertx.eventBus().publish(RunEvents.ADDRESS, event("progress", "other_export", 9, 9, 9));
    // Events are delivered on the event loop: the clock moves only once the first one was drawn.
    vertx.setTimer(200, first -> {
      clock.set(4_000_000_000L);
      vertx.eventBus().publish(RunEvents.ADDRESS, event("finished", "product_data", 1_000, 8_000_000, 1));
      vertx.setTimer(200, second -> test.verify(() -> {
        progress.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).isEqualTo(
            "\rproduct_data 2025-03-17: 500 of ~1,000 rows (50%), 4.0 MB CSV, 0 parts landed, 0:00:02 elapsed\u001B[K"
            + "\rproduct_data 2025-03-17: 1,000 of ~1,000 rows (100%), 8.0 MB CSV, 2.0 MB/s, 1 part landed, 0:00:04 elapsed, ETA 0:00:00\u001B[K"
            + System.lineSeparator());
        test.completeNow();
      }));
    });
    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingEndsAnOpenLineAndStopsFollowing(Vertx vertx, VertxTestContext test) throws Exception {
    var bytes = new ByteArrayOutputStream();
    var progress = TerminalProgress.follow(vertx, "product_data", "p", new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> 0L);
    vertx.eventBus().publish(RunEvents.ADDRESS, event("progress", "product_data", 1, 1, 0));
    vertx.setTimer(200, id -> {
      progress.close();
      vertx.eventBus().publish(RunEvents.ADDRESS, event("progress", "product_data", 2, 2, 0));
      vertx.setTimer(200, id2 -> test.verify(() -> {
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith(System.lineSeparator()).contains("1 rows").doesNotContain("2 rows");
        test.completeNow();
      }));
    });
    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
  }
}
