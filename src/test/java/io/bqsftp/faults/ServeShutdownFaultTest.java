package io.bqsftp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.ChildJvm;
import io.bqsftp.support.Poll;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fault matrix, orchestrated shutdown: a {@code serve} process re-running an export gets SIGTERM
 * with a grace period shorter than the run, then SIGKILL if it is still there after the grace
 * period (as Kubernetes does). The partner never sees a mixed set, and the next run lands.
 */
class ServeShutdownFaultTest extends MatrixCase {
  static final int GRACE_SECONDS = 1;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void sigtermWithAShortGraceThenSigkill() throws Exception {
    rig = FaultRig.create(dir, "serve: SIGTERM (grace 1 s) mid-run, then SIGKILL", servers.table, servers.endpoint(), recorder);
    Path config = rig.writeConfig();
    rig.runInProcess(config);
    rig.observeComplete("after the first run", config);

    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int httpPort = port;
    Path serveConfig = rig.writeConfig("serve", c -> c
        .put("server", new JsonObject().put("port", httpPort))
        .put("shutdown_grace_seconds", GRACE_SECONDS)
        .getJsonObject("bigquery").put("max_streams", 2));
    servers.bigquery.setReadDelay(Duration.ofMillis(300)); // a run of several seconds, longer than the grace
    ChildJvm serve = rig.startServe("serve", serveConfig);
    String base = "http://127.0.0.1:" + port;
    Poll.until("serve to answer /health", Duration.ofSeconds(60), serve, () -> status(base + "/health") == 200);
    HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/exports/" + FaultRig.EXPORT + "/runs"))
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("date", FaultRig.DATE).encode()))
        .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    Poll.until("the served run to upload a temp part", Duration.ofSeconds(60), serve,
        () -> rig.folder().snapshot().hidden().stream().anyMatch(n -> n.endsWith(".part")));

    serve.terminate(); // SIGTERM
    boolean exitedInGrace = serve.awaitExitWithin(Duration.ofSeconds(GRACE_SECONDS + 2));
    rig.observeStopped(exitedInGrace ? "after serve exited on SIGTERM" : "after the grace period, serve still running");
    if (!exitedInGrace) {
      serve.kill(); // SIGKILL, as an orchestrator does after the grace period
    }
    // The previous set, or (had the run committed within the grace) the new one: observeStopped
    // accepts nothing else while the done marker is there.
    rig.observeStopped("after serve is gone");
    rig.waitOutKilledRunsLock();

    servers.bigquery.setReadDelay(Duration.ZERO);
    rig.run("run3", config, 0);
    rig.observeComplete("after the next run", config);
  }

  private int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception notYet) {
      return -1;
    }
  }
}
