package io.bqsftp.delivery;

import io.bqsftp.bus.LocalCodec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SFTP uploader pool: {@code instances} {@link UploaderVerticle}s (worker threading model, on
 * a worker pool of their own named {@value #WORKER_POOL}), each at its own address
 * {@code bqsftp.upload.<pool>.<n>}. A writer {@link #lease}s the least busy instance for a part and
 * {@link #release}s it when the part's seal (or abort) was answered, so the parts of a run upload in
 * parallel on different instances. Connections are not counted here: an instance takes one from the
 * part's destination pool, which still bounds the logins a partner allows (exports.&lt;name&gt;.sftp).
 * Thread-safe.
 */
public final class UploaderPool {
  public static final String ADDRESS_PREFIX = "bqsftp.upload.";
  // Threads "sftp-upload-N": the name puts their CPU (SSH cipher, mostly) under ssh/sftp in `bench`.
  public static final String WORKER_POOL = "sftp-upload";
  // A seal that resends a large part from its spool takes minutes; only warn past this.
  private static final long MAX_EXECUTE_MINUTES = 30;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Vertx vertx;
  private final List<String> addresses;
  private final int[] load;
  private volatile String deploymentId;

  private UploaderPool(Vertx vertx, List<String> addresses) {
    this.vertx = vertx;
    this.addresses = List.copyOf(addresses);
    this.load = new int[addresses.size()];
  }

  /** Deploys {@code instances} uploaders on {@code vertx}; the future completes when all listen. */
  public static Future<UploaderPool> deploy(Vertx vertx, int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("the uploader pool needs at least 1 instance, got " + instances);
    }
    PartUploadMessage.bodyTypes().forEach(type -> LocalCodec.register(vertx.eventBus(), type));
    int pool = POOLS.incrementAndGet();
    List<String> addresses = new ArrayList<>();
    for (int n = 0; n < instances; n++) {
      addresses.add(ADDRESS_PREFIX + pool + "." + n);
    }
    UploaderPool uploaders = new UploaderPool(vertx, addresses);
    AtomicInteger next = new AtomicInteger();
    var options = new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER)
        .setInstances(instances)
        .setWorkerPoolName(WORKER_POOL)
        .setWorkerPoolSize(instances)
        .setMaxWorkerExecuteTime(MAX_EXECUTE_MINUTES)
        .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES);
    return vertx.deployVerticle(() -> new UploaderVerticle(addresses.get(next.getAndIncrement())), options)
        .map(id -> {
          uploaders.deploymentId = id;
          return uploaders;
        });
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The instances' addresses, in instance order. */
  public List<String> addresses() {
    return addresses;
  }

  /** The address of the instance with the fewest parts leased (the first of them on a tie). */
  public synchronized String lease() {
    int best = 0;
    for (int i = 1; i < load.length; i++) {
      if (load[i] < load[best]) {
        best = i;
      }
    }
    load[best]++;
    return addresses.get(best);
  }

  /** Gives back a lease of {@link #lease()}. */
  public synchronized void release(String address) {
    int i = addresses.indexOf(address);
    if (i >= 0 && load[i] > 0) {
      load[i]--;
    }
  }

  /** Parts leased and not yet released, over all instances. */
  public synchronized int leased() {
    int sum = 0;
    for (int l : load) {
      sum += l;
    }
    return sum;
  }

  /** Undeploys the instances (their open parts are discarded). */
  public Future<Void> close() {
    String id = deploymentId;
    return id == null ? Future.succeededFuture() : vertx.undeploy(id);
  }
}
