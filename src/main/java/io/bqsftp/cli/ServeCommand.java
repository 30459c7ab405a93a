package io.bqsftp.cli;

import io.bqsftp.ops.Metrics;
import io.bqsftp.ops.MetricsSetup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the HTTP service (and the Pub/Sub trigger when configured) until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve HTTP (POST /, run API, health, metrics) and pull Pub/Sub when configured.")
public final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions = new ConfigOptions();

  @Override
  public Integer call() throws Exception {
    Logger log = LoggerFactory.getLogger(ServeCommand.class);
    // One Prometheus registry for Vert.x's meters and the service's own.
    Metrics metrics = new Metrics();
    Vertx vertx = new MetricsSetup(metrics).createVertx(new VertxOptions());
    var config = configOptions.load(vertx, new PrintWriter(System.err, true));
    if (config.isEmpty()) {
      vertx.close();
      metrics.close();
      return 2;
    }
    ServiceRuntime runtime = ServiceRuntime.start(vertx, config.get(), ServiceRuntime.Options.serve(metrics));
    log.info("serving on port {} with {} export(s){}", runtime.httpPort(), config.get().exports().size(),
        config.get().triggers().pubsubSubscription().map(s -> ", pulling " + s).orElse(""));
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM: drain (readiness DOWN, no new runs, running ones finish within the grace period).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.shutdown();
      } catch (Exception e) {
        log.warn("shutdown: {}", e.toString());
      } finally {
        metrics.close();
        stopped.countDown();
      }
    }, "bqsftp-shutdown"));
    stopped.await();
    return 0;
  }
}
