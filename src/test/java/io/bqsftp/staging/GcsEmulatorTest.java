package io.bqsftp.staging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * STORAGE_EMULATOR_HOST sends the real GCS client to a local HTTP server (no credentials), and the
 * client names itself with the service's User-Agent.
 */
class GcsEmulatorTest {
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
          + " ua=" + exchange.getRequestHeaders().getFirst("User-Agent")
          + " auth=" + exchange.getRequestHeaders().containsKey("Authorization"));
      byte[] body = "{\"error\":{\"code\":404,\"message\":\"No such object\"}}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void emulatorHostIsUsedWithoutCredentialsAndWithTheUserAgent() throws Exception {
    var env = Map.of("STORAGE_EMULATOR_HOST", "127.0.0.1:" + server.getAddress().getPort());
    var staging = new GcsStaging(StagingFactory.storage(env), "export-bucket");

    assertThat(staging.exists("gs://export-bucket/product_data/20250317/part.csv.gz")).isFalse();

    assertThat(requests).hasSize(1);
    assertThat(requests.get(0))
        .startsWith("GET /storage/v1/b/export-bucket/o/product_data/20250317/part.csv.gz")
        .contains("ua=bq-sftp-export/")
        .endsWith("auth=false");
  }

  @Test
  void emulatorHostAcceptsAUrlAndIgnoresAnEmptyValue() {
    assertThat(StagingFactory.emulatorHost(Map.of("STORAGE_EMULATOR_HOST", "http://localhost:4443")))
        .contains("http://localhost:4443");
    assertThat(StagingFactory.emulatorHost(Map.of("STORAGE_EMULATOR_HOST", "localhost:4443")))
        .contains("http://localhost:4443");
    assertThat(StagingFactory.emulatorHost(Map.of("STORAGE_EMULATOR_HOST", " "))).isEmpty();
    assertThat(StagingFactory.emulatorHost(Map.of())).isEmpty();
  }
}
