package io.bqsftp.local;

import io.bqsftp.config.TableId;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * An in-process BigQuery Storage Read API v1 server on 127.0.0.1 (plaintext gRPC) serving
 * {@link LocalTable}s as Arrow, for the demo and for tests that drive the production
 * {@code BigQueryReadClient}. Tables are addressed as {@code projects/P/datasets/D/tables/T}.
 * {@link AppendableTable}s (the export history, {@link HistoryTables}) also accept the Storage
 * Write API's AppendRows on their {@code _default} stream, read back through the same Read API.
 */
public final class LocalBigQueryServer implements AutoCloseable {
  public static final int DEFAULT_BATCH_ROWS = 2048;
  /** Streams granted when a session asks for max_stream_count 0 (server's choice). */
  public static final int DEFAULT_SESSION_STREAMS = 4;
  /** Upper bound on streams per session unless {@link #setMaxStreams} changes it. */
  public static final int DEFAULT_MAX_STREAMS = 16;

  private final Map<String, LocalTable> tables = new ConcurrentHashMap<>();
  private final ServerOptions options = new ServerOptions();
  private final FaultInjector faults = new FaultInjector();
  private final BufferAllocator allocator = new RootAllocator();
  private final ScheduledExecutorService executor;
  private final LocalReadService service;
  private final Server server;

  private LocalBigQueryServer(int port) throws IOException {
    AtomicInteger threads = new AtomicInteger();
    executor = Executors.newScheduledThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
          Thread t = new Thread(r, "local-bigquery-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    service = new LocalReadService(tables, options, faults, allocator, executor);
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .addService(service)
        .addService(new LocalWriteService(tables))
        .build();
    try {
      server.start();
    } catch (IOException e) {
      executor.shutdownNow();
      allocator.close();
      throw e;
    }
  }

  /** Starts a server on 127.0.0.1:{@code port}; 0 picks a free port. */
  public static LocalBigQueryServer start(int port) {
    try {
      return new LocalBigQueryServer(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local BigQuery server on port " + port, e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** {@code 127.0.0.1:PORT}, as the Read API client's endpoint setting wants it. */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  /** Serves {@code table} as {@code project.dataset.table}; replaces a table of the same name. */
  public void addTable(String tableSpec, LocalTable table) {
    Objects.requireNonNull(table, "table");
    TableId id = TableId.parse(tableSpec);
    tables.put(id.project() + "." + id.dataset() + "." + id.table(), table);
  }

  /** The served tables by {@code project.dataset.table}, sorted. */
  public Map<String, LocalTable> tables() {
    return new TreeMap<>(tables);
  }

  /** Rows per ReadRows response (default {@value #DEFAULT_BATCH_ROWS}); applies to later batches. */
  public void setBatchRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("batch rows must be >= 1");
    }
    options.batchRows = rows;
  }

  /** The most streams a session is granted (default {@value #DEFAULT_MAX_STREAMS}). */
  public void setMaxStreams(int streams) {
    if (streams < 1) {
      throw new IllegalArgumentException("max streams must be >= 1");
    }
    options.maxStreams = streams;
  }

  /**
   * Keeps up to {@code maxBytes} of serialized batches of unrestricted reads, so that reading the
   * same rows again costs this process only the sending (for benchmarks; default off).
   */
  public void cacheBatches(long maxBytes) {
    options.cache = maxBytes > 0 ? new BatchCache(maxBytes) : null;
  }

  /**
   * Refuses read sessions on {@code tableSpec} whose row restriction does not filter on {@code
   * column}, as BigQuery does for a table with {@code require_partition_filter} partitioned on it.
   */
  public void requirePartitionFilter(String tableSpec, String column) {
    TableId id = TableId.parse(tableSpec);
    options.partitionFilters.put(id.project() + "." + id.dataset() + "." + id.table(), column);
  }

  /** Pause after each batch, to imitate a slow server (default none). */
  public void setReadDelay(Duration perBatch) {
    options.readDelay = perBatch == null || perBatch.isNegative() ? Duration.ZERO : perBatch;
  }

  /**
   * Makes each read stream fail with {@code status} once, right after its first {@code rows}
   * rows (counted from the start of the stream, including any offset) have been sent. Each
   * stream fails only once per call of this method, so a client that resumes at the right offset
   * reads the rest; a call that starts beyond that row does not fail. With a retryable status
   * (UNAVAILABLE) this tests resumption, with any other status error surfacing.
   */
  public void failReadRowsAfter(long rows, Status status) {
    faults.failAfter(rows, status);
  }

  public void clearFaults() {
    faults.clear();
  }

  /** ReadRows calls received so far, retries included. */
  public int readRowsCalls() {
    return service.readRowsCalls();
  }

  /** ReadRows responses sent so far (tests use it to see flow control at work). */
  public long batchesSent() {
    return service.batchesSent();
  }

  /** Blocks until the server is shut down (for the standalone command). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
      executor.shutdown();
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // Batches still held by cancelled calls would make a strict close throw; report, don't fail.
    try {
      allocator.close();
    } catch (IllegalStateException e) {
      org.slf4j.LoggerFactory.getLogger(LocalBigQueryServer.class)
          .warn("local BigQuery server closed with Arrow memory outstanding: {}", e.getMessage());
    }
  }
}
