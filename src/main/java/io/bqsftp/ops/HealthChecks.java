package io.bqsftp.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * Liveness and readiness for Kubernetes (and anything else that polls).
 *
 * <ul>
 *   <li>{@code /health/live}: up as long as the process serves HTTP. It stays up while draining so
 *       the orchestrator does not kill a pod that is finishing an export.
 *   <li>{@code /health/ready}: procedures {@code config} (down while the configuration is invalid)
 *       and {@code shutdown} (down while draining), so traffic moves away before the pod exits.
 * </ul>
 *
 * Both answer 200 with {@code {"status":"UP",...}} or 503 with {@code "DOWN"} (vertx-health-check's
 * format). Responses carry no error text: reasons belong in the log.
 */
public final class HealthChecks {

  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";
  public static final String CONFIG_PROCEDURE = "config";
  public static final String SHUTDOWN_PROCEDURE = "shutdown";
  public static final String PROCESS_PROCEDURE = "process";

  private HealthChecks() {}

  /** Readiness procedures, usable on their own (e.g. from a CLI {@code verify}). */
  public static io.vertx.ext.healthchecks.HealthChecks readiness(Vertx vertx, ReadinessState state) {
    io.vertx.ext.healthchecks.HealthChecks checks = io.vertx.ext.healthchecks.HealthChecks.create(vertx);
    checks.register(CONFIG_PROCEDURE, promise ->
        promise.complete(state.configValid() ? Status.OK() : Status.KO(new JsonObject().put("valid", false))));
    checks.register(SHUTDOWN_PROCEDURE, promise ->
        promise.complete(state.draining() ? Status.KO(new JsonObject().put("draining", true)) : Status.OK()));
    return checks;
  }

  /** A liveness check that only proves the event loop answers. */
  public static io.vertx.ext.healthchecks.HealthChecks liveness(Vertx vertx) {
    io.vertx.ext.healthchecks.HealthChecks checks = io.vertx.ext.healthchecks.HealthChecks.create(vertx);
    // Without any procedure the handler answers 204; one always-OK procedure gives a plain 200.
    checks.register(PROCESS_PROCEDURE, promise -> promise.complete(Status.OK()));
    return checks;
  }

  public static HealthCheckHandler liveHandler(Vertx vertx) {
    return HealthCheckHandler.createWithHealthChecks(liveness(vertx));
  }

  public static HealthCheckHandler readyHandler(Vertx vertx, ReadinessState state) {
    return HealthCheckHandler.createWithHealthChecks(readiness(vertx, state));
  }

  /** Mounts {@code GET /health/live} and {@code GET /health/ready}; {@code /health} is the trigger's. */
  public static void mount(Router router, Vertx vertx, ReadinessState state) {
    router.get(LIVE_PATH).handler(liveHandler(vertx));
    router.get(READY_PATH).handler(readyHandler(vertx, state));
  }
}
