package io.bqsftp.ui;

import io.bqsftp.support.Poll;
import io.bqsftp.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Debian's headless chromium driven through chromedriver's W3C WebDriver HTTP API, with the
 * Vert.x WebClient: enough to load a page, type, click, read text and take screenshots.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  static final List<Path> DRIVERS = List.of(Path.of("/usr/bin/chromedriver"), Path.of("/usr/lib/chromium/chromedriver"));
  static final List<Path> BROWSERS = List.of(Path.of("/usr/lib/chromium/chromium"), Path.of("/usr/bin/chromium"));

  private final Process driver;
  private final WebClient client;
  private final int port;
  private final String session;

  private HeadlessChromium(Process driver, WebClient client, int port, String session) {
    this.driver = driver;
    this.client = client;
    this.port = port;
    this.session = session;
  }

  /** The chromedriver and chromium binaries, when both are installed. */
  static Optional<Path[]> installed() {
    Optional<Path> driver = DRIVERS.stream().filter(Files::isExecutable).findFirst();
    Optional<Path> browser = BROWSERS.stream().filter(Files::isExecutable).findFirst();
    return driver.isPresent() && browser.isPresent() ? Optional.of(new Path[] {driver.get(), browser.get()}) : Optional.empty();
  }

  static HeadlessChromium start(Vertx vertx, Path driverBinary, Path browserBinary, Path logFile) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process driver = new ProcessBuilder(driverBinary.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
        .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    WebClient client = WebClient.create(vertx);
    try {
      Poll.until("chromedriver to be ready", Duration.ofSeconds(20), () -> {
        try {
          HttpResponse<Buffer> status = Await.result(client.get(port, "127.0.0.1", "/status").send(), 5);
          return status.statusCode() == 200 && status.bodyAsJsonObject().getJsonObject("value").getBoolean("ready");
        } catch (Exception notYet) {
          return false;
        }
      }, () -> "see " + logFile);
      JsonObject options = new JsonObject().put("binary", browserBinary.toString()).put("args", new JsonArray(List.of(
          "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100")));
      JsonObject capabilities = new JsonObject().put("capabilities", new JsonObject().put("alwaysMatch",
          new JsonObject().put("browserName", "chrome").put("goog:chromeOptions", options)));
      JsonObject created = call(client, port, "POST", "/session", capabilities);
      return new HeadlessChromium(driver, client, port, created.getString("sessionId"));
    } catch (Exception e) {
      driver.destroyForcibly();
      client.close();
      throw e;
    }
  }

  private static JsonObject call(WebClient client, int port, String method, String path, JsonObject body) throws Exception {
    var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), port, "127.0.0.1", path);
    HttpResponse<Buffer> response = Await.result(body == null ? request.send() : request.sendJsonObject(body), 60);
    JsonObject json = response.bodyAsJsonObject();
    if (response.statusCode() != 200) {
      throw new IllegalStateException("WebDriver " + method + " " + path + ": " + response.statusCode() + " " + json);
    }
    Object value = json.getValue("value");
    return value instanceof JsonObject object ? object : new JsonObject().put("value", value);
  }

  private JsonObject call(String method, String path, JsonObject body) throws Exception {
    return call(client, port, method, "/session/" + session + path, body);
  }

  void open(String url) throws Exception {
    call("POST", "/url", new JsonObject().put("url", url));
  }

  /** The element id of the first match, if any. */
  Optional<String> find(String css) throws Exception {
    try {
      JsonObject found = call("POST", "/element", new JsonObject().put("using", "css selector").put("value", css));
      return Optional.of(found.getString(ELEMENT));
    } catch (IllegalStateException e) {
      if (e.getMessage().contains("no such element")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  void type(String css, String text) throws Exception {
    call("POST", "/element/" + find(css).orElseThrow() + "/value", new JsonObject().put("text", text));
  }

  void click(String css) throws Exception {
    call("POST", "/element/" + find(css).orElseThrow() + "/click", new JsonObject());
  }

  /** The rendered text of the first match, "" when nothing matches. */
  String text(String css) throws Exception {
    Optional<String> element = find(css);
    return element.isEmpty() ? "" : call("GET", "/element/" + element.get() + "/text", null).getString("value");
  }

  /** Polls the text of {@code css} until it satisfies {@code condition}; returns it. */
  String waitForText(String css, Predicate<String> condition, Duration timeout) throws Exception {
    return Poll.value("the text of '" + css + "' to satisfy the condition", timeout, () -> {
      try {
        return text(css);
      } catch (IllegalStateException e) {
        return ""; // stale element while the page reloads
      }
    }, condition);
  }

  void screenshot(Path file) throws Exception {
    String png = call("GET", "/screenshot", null).getString("value");
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(png));
  }

  @Override
  public void close() throws Exception {
    try {
      call(client, port, "DELETE", "/session/" + session, null);
    } finally {
      client.close();
      driver.destroy();
      if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        driver.destroyForcibly();
      }
    }
  }
}
