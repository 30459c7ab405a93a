package io.bqsftp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.config.SftpConfig;
import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.SftpConnection;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.sftp.RemoteFolder;
import io.bqsftp.staging.LocalStaging;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.sftp.RemoteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 2: the uploader pool alone against the real OpenSSH sshd of {@code .ci/start-sshd.sh}, in a
 * folder of its own under {@code SFTP_IT_DIRECTORY}: two parts of one writer are open on the
 * server at once, on two instances, and each seals whole under its temp name. Skipped without the
 * SFTP_IT_* variables.
 */
@ExtendWith(VertxExtension.class)
class OpenSshUploaderPoolTest {
  private static final List<String> VARS = List.of("SFTP_IT_HOST", "SFTP_IT_PORT", "SFTP_IT_USER",
      "SFTP_IT_KEY_FILE", "SFTP_IT_KNOWN_HOSTS", "SFTP_IT_DIRECTORY");

  @TempDir Path dir;
  Map<String, String> env;
  String folderPath;
  SftpConnectionPool connections;
  RemoteFolder uploader;
  PartDelivery delivery;
  final java.util.concurrent.atomic.AtomicInteger connectionsLost = new java.util.concurrent.atomic.AtomicInteger();

  @BeforeEach
  void requireServer() {
    env = System.getenv();
    List<String> missing = VARS.stream().filter(v -> env.get(v) == null || env.get(v).isBlank()).toList();
    Assumptions.assumeTrue(missing.isEmpty(), () -> "OpenSSH tier-2 server not configured ("
        + String.join(", ", missing) + " unset): run .ci/start-sshd.sh and source the env file it prints");
    folderPath = env.get("SFTP_IT_DIRECTORY") + "/uploader-pool-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    connections = new SftpConnectionPool(new SftpConfig(env.get("SFTP_IT_HOST"), Integer.parseInt(env.get("SFTP_IT_PORT")),
        env.get("SFTP_IT_USER"), Optional.empty(), Optional.of(env.get("SFTP_IT_KEY_FILE")), Optional.empty(),
        Optional.empty(), Optional.of(env.get("SFTP_IT_KNOWN_HOSTS")), Optional.empty(), false, folderPath, 4,
        Duration.ofSeconds(10), 16, 3, Duration.ofSeconds(10)));
    uploader = new RemoteFolder(connections, folderPath);
    var retries = new DeliveryConfig(3, Duration.ZERO, Duration.ZERO, dir.resolve("spool"),
        DeliveryConfig.DEFAULT_LOCK_HEARTBEAT, DeliveryConfig.DEFAULT_LOCK_STALE_AFTER);
    delivery = new PartDelivery(PartDestination.of(uploader), retries, new LocalStaging(dir.resolve("staging")),
        "orders", LocalDate.of(2024, 6, 30), d -> {}, new RunProgress() {
          @Override
          public void rowsWritten(long rows, long csvBytes) {}

          @Override
          public void uploadFailed(boolean connectionLost) {
            if (connectionLost) {
              connectionsLost.incrementAndGet();
            }
          }
        });
  }

  @AfterEach
  void removeFolder() throws Exception {
    if (connections == null) {
      return;
    }
    try {
      for (RemoteFileInfo file : uploader.list()) {
        uploader.delete(file.name());
      }
      try (SftpConnection connection = connections.acquire()) {
        if (connection.sftp().statExistence(folderPath) != null) {
          connection.sftp().rmdir(folderPath);
        }
      }
    } finally {
      connections.close();
    }
  }

  /** Hidden upload temp files in the folder, listed over SFTP on a worker thread. */
  Future<Long> openTempFiles(Vertx vertx) {
    return vertx.executeBlocking(() -> uploader.list().stream()
        .filter(f -> f.name().startsWith(".") && f.name().endsWith(".part")).count());
  }

  Future<Void> untilTwoTempFiles(Vertx vertx) {
    Promise<Void> done = Promise.promise();
    poll(vertx, done, 500);
    return done.future();
  }

  private void poll(Vertx vertx, Promise<Void> done, int left) {
    openTempFiles(vertx).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (ar.result() == 2) {
        done.complete();
      } else if (left == 0) {
        done.fail("never saw two open temp files; last count " + ar.result());
      } else {
        vertx.setTimer(20, id -> poll(vertx, done, left - 1));
      }
    });
  }

  byte[] download(String name) throws Exception {
    try (SftpConnection connection = connections.acquire();
        RemoteFile file = connection.sftp().open(folderPath + "/" + name);
        InputStream in = file.new ReadAheadRemoteFileInputStream(16)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  @Test
  void twoPartsAreOpenOnTheServerAtOnceAndBothSealWhole(Vertx vertx, VertxTestContext test) throws Exception {
    byte[] first = UploaderPoolTest.random(2_000_000, 11);
    byte[] second = UploaderPoolTest.random(1_500_000, 12);
    PartDestination folder = PartDestination.of(uploader);
    Context context = vertx.getOrCreateContext();
    UploaderPool.deploy(vertx, 2).compose(pool -> {
      var a = new PartFeed(vertx, context, pool.lease(), 4);
      var b = new PartFeed(vertx, context, pool.lease(), 4);
      return Future.all(
              a.open("orders_20240630-000000000000.csv.gz", folder, dir.resolve("spool"), delivery)
                  .compose(v -> a.send(first, 0, 300_000, 64 * 1024)),
              b.open("orders_20240630-000000000001.csv.gz", folder, dir.resolve("spool"), delivery)
                  .compose(v -> b.send(second, 0, 300_000, 64 * 1024)))
          .compose(v -> untilTwoTempFiles(vertx))
          .compose(v -> Future.all(
              a.send(first, 300_000, first.length, 64 * 1024).compose(x -> a.seal(1, 1)),
              b.send(second, 300_000, second.length, 64 * 1024).compose(x -> b.seal(2, 2))))
          .map(all -> List.<PartOutcome>of(all.resultAt(0), all.resultAt(1)))
          .onSuccess(outcomes -> test.verify(() -> {
            assertThat(a.maxOutstanding).isLessThanOrEqualTo(4);
            assertThat(b.maxOutstanding).isLessThanOrEqualTo(4);
          }));
    }).compose(outcomes -> vertx.executeBlocking(() -> {
      assertThat(outcomes).allMatch(PartOutcome::sealed);
      assertThat(download(outcomes.get(0).tempName())).isEqualTo(first);
      assertThat(download(outcomes.get(1).tempName())).isEqualTo(second);
      // Nothing but the two sealed temp files: no final name before the set's commit.
      assertThat(uploader.list()).extracting(RemoteFileInfo::name)
          .containsExactlyInAnyOrder(outcomes.get(0).tempName(), outcomes.get(1).tempName());
      return null;
    })).onComplete(test.succeedingThenComplete());
    assertThat(test.awaitCompletion(120, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aPartWhoseSessionSshdKilledMidwayIsResentFromTheSpool(Vertx vertx, VertxTestContext test) throws Exception {
    Assumptions.assumeTrue(io.bqsftp.support.SshdSessions.available(), "ss (iproute2) is needed to find sshd's sessions");
    Path pidFile = Path.of(env.getOrDefault("SFTP_IT_SSHD_PID_FILE", "/srv/bq-sftp-it/state/sshd.pid"));
    Assumptions.assumeTrue(java.nio.file.Files.isReadable(pidFile), () -> "sshd's pid file " + pidFile + " is not readable");
    var sessions = io.bqsftp.support.SshdSessions.fromPidFile(pidFile, Integer.parseInt(env.get("SFTP_IT_PORT")));
    byte[] data = UploaderPoolTest.random(2_500_000, 13);
    PartDestination folder = PartDestination.of(uploader);
    Context context = vertx.getOrCreateContext();
    int[] killed = {0};
    UploaderPool.deploy(vertx, 2).compose(pool -> {
      var feed = new PartFeed(vertx, context, pool.lease(), 4);
      return feed.open("orders_20240630-000000000000.csv.gz", folder, dir.resolve("spool"), delivery)
          .compose(v -> feed.send(data, 0, 600_000, 64 * 1024))
          // sshd's processes serving this JVM's connections (the upload's, and any idle one) die mid-part.
          .compose(v -> vertx.executeBlocking(() -> {
            for (var session : sessions.of(ProcessHandle.current().pid())) {
              // Every process of the session: the one holding the socket is a child of the monitor.
              for (long pid : session.pids()) {
                io.bqsftp.support.Signals.kill(pid);
              }
              killed[0]++;
            }
            return null;
          }))
          .compose(v -> feed.send(data, 600_000, data.length, 64 * 1024))
          .compose(v -> feed.seal(3, 3));
    }).compose(outcome -> vertx.executeBlocking(() -> {
      assertThat(killed[0]).as("sshd sessions killed").isPositive();
      assertThat(outcome.sealed()).as(outcome.toString()).isTrue();
      assertThat(connectionsLost.get()).as("failed attempts on a lost connection").isPositive();
      assertThat(download(outcome.tempName())).isEqualTo(data);
      // The broken attempt's temp file was removed over a fresh connection: only the resent one is left.
      assertThat(uploader.list()).extracting(RemoteFileInfo::name).containsExactly(outcome.tempName());
      assertThat(dir.resolve("spool")).isEmptyDirectory();
      return null;
    })).onComplete(test.succeedingThenComplete());
    assertThat(test.awaitCompletion(120, TimeUnit.SECONDS)).isTrue();
  }
}
