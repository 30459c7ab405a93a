package io.bqsftp.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the HTTP service until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve HTTP (POST /, GET /health).")
public final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOptions configOptions = new ConfigOptions();

  @Override
  public Integer call() throws Exception {
    Logger log = LoggerFactory.getLogger(ServeCommand.class);
    Vertx vertx = Vertx.vertx();
    var config = configOptions.load(vertx, new PrintWriter(System.err, true));
    if (config.isEmpty()) {
      vertx.close();
      return 2;
    }
    ServiceRuntime runtime = ServiceRuntime.start(vertx, config.get(), true);
    log.info("serving on port {} with {} export(s)", runtime.httpPort(), config.get().exports().size());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.close();
      } catch (Exception e) {
        log.warn("shutdown: {}", e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, "bqsftp-shutdown"));
    stopped.await();
    return 0;
  }
}
