package io.bqsftp.cli;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.ExportCoordinator;
import io.bqsftp.export.ExportEngine;
import io.bqsftp.trigger.HttpTrigger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One running service inside a Vert.x instance: the engine, the coordinator on the event bus and,
 * for {@code serve}, the HTTP trigger. {@code run} and {@code demo} use the same pieces.
 */
public final class ServiceRuntime implements AutoCloseable {
  private final Vertx vertx;
  private final ExportEngine engine;
  private final HttpTrigger http;

  private ServiceRuntime(Vertx vertx, ExportEngine engine, HttpTrigger http) {
    this.vertx = vertx;
    this.engine = engine;
    this.http = http;
  }

  /** Starts the engine and deploys the coordinator, plus the HTTP trigger when asked. */
  public static ServiceRuntime start(Vertx vertx, ServiceConfig config, boolean withHttp) throws Exception {
    ExportEngine engine = ExportEngine.start(config);
    try {
      await(vertx.deployVerticle(new ExportCoordinator(config, engine, Clock.systemUTC())), Duration.ofSeconds(30));
      HttpTrigger http = null;
      if (withHttp) {
        http = new HttpTrigger(config.httpPort());
        await(vertx.deployVerticle(http), Duration.ofSeconds(30));
      }
      return new ServiceRuntime(vertx, engine, http);
    } catch (Exception e) {
      engine.close();
      throw e;
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** Waits for a Vert.x future from a non-Vert.x thread (CLI main), never forever. */
  public static <T> T await(Future<T> future, Duration timeout) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      await(vertx.close(), Duration.ofSeconds(60));
    } finally {
      engine.close();
    }
  }
}
