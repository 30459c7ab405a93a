package io.bqsftp.export;

import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import io.bqsftp.bigquery.ReadClientFactory;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.sftp.SftpUploader;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The long-lived resources every run shares: the Read API client, the SFTP connection pool, the
 * Arrow allocator and the deflate threads. Runs themselves are {@link ExportRunner#run}.
 */
public final class ExportEngine implements ExportCoordinator.RunExecutor, AutoCloseable {
  private final BigQueryReadClient client;
  private final SftpConnectionPool pool;
  private final BufferAllocator allocator;
  private final ExecutorService deflate;
  private final ExportRunner runner;

  private ExportEngine(ServiceConfig config, Clock clock) throws IOException {
    this.client = ReadClientFactory.create(config.bigquery());
    this.pool = new SftpConnectionPool(config.sftp());
    this.allocator = new RootAllocator();
    this.deflate = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), daemon("bqsftp-deflate-"));
    this.runner =
        new ExportRunner(
            new TableReader(client, config.bigquery().billingProject()),
            allocator,
            export -> new SftpUploader(pool, remoteDirectory(config, export))::open,
            deflate,
            config.bigquery().maxStreams(),
            clock);
  }

  public static ExportEngine start(ServiceConfig config) throws IOException {
    return new ExportEngine(config, Clock.systemUTC());
  }

  @Override
  public ExportResult run(RunPlan plan, RunProgress progress) {
    return runner.run(plan, progress);
  }

  /** The export's folder: its {@code directory} below {@code sftp.directory}. */
  public static String remoteDirectory(ServiceConfig config, ExportConfig export) {
    String base = config.sftp().directory();
    String sub = export.directory();
    if (sub == null || sub.isEmpty()) {
      return base;
    }
    return (base.endsWith("/") ? base : base + "/") + sub;
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    deflate.shutdownNow();
    pool.close();
    client.close();
    allocator.close();
  }
}
