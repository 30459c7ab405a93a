package io.bqsftp.ops;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Objects;

/**
 * Wires vertx-micrometer-metrics to the same registry as {@link Metrics}, so {@code GET /metrics}
 * shows Vert.x's HTTP, event bus and pool meters next to the export meters.
 *
 * <pre>{@code
 * Metrics metrics = new Metrics();
 * MetricsSetup setup = new MetricsSetup(metrics);
 * Vertx vertx = setup.createVertx(new VertxOptions());
 * setup.mount(router);   // GET /metrics
 * }</pre>
 */
public final class MetricsSetup {

  public static final String METRICS_PATH = "/metrics";

  private final Metrics metrics;

  public MetricsSetup(Metrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Metrics options for {@link VertxOptions#setMetricsOptions}. Vert.x's own JVM binders stay off:
   * {@link Metrics} binds them already and a second GC binder would count every pause twice.
   * HTTP meters are labelled by route (bounded), never by raw path.
   */
  public static MicrometerMetricsOptions metricsOptions() {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions();
    options.setEnabled(true);
    options.setJvmMetricsEnabled(false);
    options.addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE);
    return options;
  }

  /** {@code base} with metrics enabled; the other settings are kept. */
  public VertxOptions vertxOptions(VertxOptions base) {
    return new VertxOptions(base).setMetricsOptions(metricsOptions());
  }

  /** The factory binding Vert.x's meters to our registry: pass to {@code VertxBuilder.withMetrics}. */
  public VertxMetricsFactory metricsFactory() {
    return new MicrometerMetricsFactory(metrics.registry());
  }

  /** A Vert.x instance reporting into {@link Metrics#registry()}. */
  public Vertx createVertx(VertxOptions base) {
    return Vertx.builder().with(vertxOptions(base)).withMetrics(metricsFactory()).build();
  }

  /** Serves the registry in Prometheus text format. */
  public Handler<RoutingContext> metricsHandler() {
    return PrometheusScrapingHandler.create(metrics.registry());
  }

  /** Mounts {@code GET /metrics}. */
  public void mount(Router router) {
    router.get(METRICS_PATH).handler(metricsHandler());
  }
}
