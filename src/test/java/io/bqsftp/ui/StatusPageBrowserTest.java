package io.bqsftp.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: Debian's headless chromium, driven through chromedriver,
 * against the running service. Signs in through the form, checks what the page shows, clicks
 * Retry on the failed run, and watches a running export's row until the page reloads with the
 * finished run. Screenshots are kept under target/ui-screenshots/.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StatusPageBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  ServiceWithHistory service;
  HeadlessChromium browser;

  @AfterEach
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  void signInSeeTheHistoryRetryAndWatchARun(Vertx vertx) throws Exception {
    var binaries = HeadlessChromium.installed();
    Assumptions.assumeTrue(binaries.isPresent(),
        "chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does)");
    service = ServiceWithHistory.start(vertx, dir);
    Files.createDirectories(SCREENSHOTS);
    browser = HeadlessChromium.start(vertx, binaries.get()[0], binaries.get()[1], SCREENSHOTS.resolve("chromedriver.log"));
    String base = "http://127.0.0.1:" + service.port();

    browser.open(base + "/ui");
    assertThat(browser.text("main.login")).contains("Bearer token");
    browser.type("#token", ServiceWithHistory.TOKEN);
    browser.click("#sign-in");

    String exports = browser.waitForText("#exports", t -> t.contains("Last success"), WAIT);
    assertThat(exports).contains("all").contains(ServiceWithHistory.SUCCEEDED_DATE).contains(ServiceWithHistory.FAILED_DATE)
        .contains("staged for retry");
    assertThat(browser.text("#running")).contains("No export is running.");
    String failed = browser.text("#failed");
    assertThat(failed).contains(service.stagedFile()).contains("staged").contains("Retry");
    JsonObject landed = service.landedFile();
    browser.click("#recent details[data-run=\"" + service.succeeded.getString("run_id") + "\"] summary");
    String recent = browser.waitForText("#recent", t -> t.contains(landed.getString("sha256")), WAIT);
    assertThat(recent).contains(landed.getString("name")).contains(String.format("%,d", landed.getLong("bytes")))
        .contains(String.format("%,d", landed.getLong("rows")));
    browser.screenshot(SCREENSHOTS.resolve("status-page.png"));

    browser.click("button.retry");
    browser.waitForText("#failed", t -> t.contains("No failed run waits for a retry."), WAIT);
    assertThat(browser.text("#exports")).doesNotContain("never");
    browser.screenshot(SCREENSHOTS.resolve("status-page-after-retry.png"));

    // A slow upload keeps a run going while the page polls it; the page reloads when it ends.
    service.stack.sftp.writeDelay(Duration.ofMillis(700));
    var started = Await.result(service.client.post(service.port(), "127.0.0.1", "/exports/all/runs")
        .bearerTokenAuthentication(ServiceWithHistory.TOKEN)
        .sendJsonObject(new JsonObject().put("date", "2024-07-01")));
    assertThat(started.statusCode()).isEqualTo(202);
    String runId = started.bodyAsJsonObject().getString("run_id");
    browser.open(base + "/ui");
    String running = browser.waitForText("#running", t -> t.contains(runId), WAIT);
    assertThat(running).contains("running");
    // The counters follow GET /runs/{id} without a reload.
    browser.waitForText("#running td[data-field=\"rows\"]", t -> t.equals("3,000"), WAIT);
    browser.screenshot(SCREENSHOTS.resolve("status-page-running.png"));
    // When the run ends the page reloads: the run is listed as succeeded, nothing runs.
    browser.waitForText("#recent details[data-run=\"" + runId + "\"] .status", "succeeded"::equals, Duration.ofSeconds(90));
    assertThat(browser.text("#running")).contains("No export is running.");
  }
}
