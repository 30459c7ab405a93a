package io.bqsftp.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's own meters, one registry shared with Vert.x (see {@link MetricsSetup}).
 *
 * <p>Names are Micrometer dotted names; the Prometheus registry renders them with underscores and
 * unit/{@code _total} suffixes, e.g. {@code bqsftp.export.rows} becomes {@code
 * bqsftp_export_rows_total}. The {@code export} tag comes from configuration only (never from a
 * request body that did not match a configured export), so its cardinality stays bounded.
 */
public final class Metrics implements AutoCloseable {

  public static final String PREFIX = "bqsftp";
  static final String TAG_EXPORT = "export";
  static final String TAG_STATUS = "status";

  /** Run durations range from seconds to hours: explicit buckets keep the histogram small. */
  private static final Duration[] RUN_DURATION_BUCKETS = {
    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
    Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
    Duration.ofHours(6)
  };

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastSuccessEpochSeconds = new ConcurrentHashMap<>();
  private final Counter sftpConnectionErrors;
  private final Counter readBytes;

  /** A fresh Prometheus registry with the JVM binders. */
  public Metrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public Metrics(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    sftpConnectionErrors = Counter.builder(PREFIX + ".sftp.connection.errors")
        .description("SFTP connections that could not be opened or broke")
        .register(registry);
    readBytes = Counter.builder(PREFIX + ".bigquery.read")
        .baseUnit(BaseUnits.BYTES)
        .description("Arrow bytes received from the BigQuery Storage Read API")
        .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A run of {@code export} began: counts it and raises the in-progress gauge. */
  public void runStarted(String export) {
    Counter.builder(PREFIX + ".export.runs.started")
        .description("Export runs started")
        .tag(TAG_EXPORT, export)
        .register(registry)
        .increment();
    inProgressOf(export).incrementAndGet();
  }

  /**
   * A run of {@code export} ended with {@code status} (the ledger's word, e.g. {@code succeeded},
   * {@code failed}); lowers the in-progress gauge and records the duration. A {@code succeeded} run
   * also moves the last-success timestamp, which is what staleness alerts watch.
   */
  public void runFinished(String export, String status, Duration duration) {
    String normalized = status.toLowerCase(Locale.ROOT);
    Timer.builder(PREFIX + ".export.run.duration")
        .description("Wall time of finished export runs")
        .tags(TAG_EXPORT, export, TAG_STATUS, normalized)
        .serviceLevelObjectives(RUN_DURATION_BUCKETS)
        .register(registry)
        .record(duration);
    inProgressOf(export).updateAndGet(n -> Math.max(0, n - 1));
    if ("succeeded".equals(normalized) || "success".equals(normalized)) {
      lastSuccessOf(export).set(System.currentTimeMillis() / 1000);
    }
  }

  public void rowsExported(String export, long rows) {
    Counter.builder(PREFIX + ".export.rows")
        .description("Rows written to CSV")
        .tag(TAG_EXPORT, export)
        .register(registry)
        .increment(rows);
  }

  /** Bytes written to SFTP ({@code compressed}) and the CSV text before gzip ({@code uncompressed}). */
  public void bytesExported(String export, long compressed, long uncompressed) {
    Counter.builder(PREFIX + ".export.compressed")
        .baseUnit(BaseUnits.BYTES)
        .description("Bytes uploaded to SFTP (after compression)")
        .tag(TAG_EXPORT, export)
        .register(registry)
        .increment(compressed);
    Counter.builder(PREFIX + ".export.uncompressed")
        .baseUnit(BaseUnits.BYTES)
        .description("CSV bytes produced (before compression)")
        .tag(TAG_EXPORT, export)
        .register(registry)
        .increment(uncompressed);
  }

  /** A file was renamed into its final place on the SFTP server. */
  public void fileLanded(String export) {
    Counter.builder(PREFIX + ".export.files.landed")
        .description("Files renamed into place on SFTP")
        .tag(TAG_EXPORT, export)
        .register(registry)
        .increment();
  }

  /** A request was answered from the export history: a run that succeeded already served it. */
  public void duplicateRequest(String export) {
    Counter.builder(PREFIX + ".trigger.duplicates")
        .description("Redelivered requests answered from the export history without a run")
        .tag(TAG_EXPORT, export)
        .register(registry)
        .increment();
  }

  /** How many requests for {@code export} were answered from the export history. */
  public double duplicateRequests(String export) {
    var counter = registry.find(PREFIX + ".trigger.duplicates").tag(TAG_EXPORT, export).counter();
    return counter == null ? 0 : counter.count();
  }

  public void sftpConnectionError() {
    sftpConnectionErrors.increment();
  }

  /** An upload attempt of a part failed (it may still succeed on retry or be staged). */
  public void uploadError(String export) {
    Counter.builder(PREFIX + ".export.upload.errors")
        .description("Failed part upload attempts")
        .tag(TAG_EXPORT, export)
        .register(registry)
        .increment();
  }

  public void readBytes(long bytes) {
    readBytes.increment(bytes);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  private AtomicInteger inProgressOf(String export) {
    return inProgress.computeIfAbsent(export, name -> {
      AtomicInteger value = new AtomicInteger();
      // The map holds the strong reference Micrometer's weak gauge reference needs.
      Gauge.builder(PREFIX + ".export.runs.in.progress", value, AtomicInteger::get)
          .description("Export runs currently running")
          .tag(TAG_EXPORT, name)
          .register(registry);
      return value;
    });
  }

  private AtomicLong lastSuccessOf(String export) {
    return lastSuccessEpochSeconds.computeIfAbsent(export, name -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(PREFIX + ".export.last.success.timestamp", value, AtomicLong::get)
          .baseUnit("seconds")
          .description("Unix time of the last succeeded run")
          .tag(TAG_EXPORT, name)
          .register(registry);
      return value;
    });
  }

  /** Stops the GC listener; the registry itself stays readable. */
  @Override
  public void close() {
    gcMetrics.close();
  }
}
