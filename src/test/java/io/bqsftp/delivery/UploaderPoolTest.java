package io.bqsftp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.config.Secret;
import io.bqsftp.config.SftpConfig;
import io.bqsftp.local.EmbeddedSftpServer;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.sftp.RemoteFolder;
import io.bqsftp.staging.LocalStaging;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uploader pool alone against embedded MINA SSHD: parts of one writer upload in parallel on
 * different instances, a slow server holds the sender at its credit window without losing a byte,
 * and a connection killed mid-part is resent from the spool.
 */
@ExtendWith(VertxExtension.class)
class UploaderPoolTest {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-Pa55";

  @TempDir Path dir;
  EmbeddedSftpServer server;
  SftpConnectionPool connections;
  PartDestination folder;
  PartDelivery delivery;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("root"));
    server = new EmbeddedSftpServer().start(dir.resolve("root"), USER, PASSWORD);
    connections = new SftpConnectionPool(config(2));
    folder = PartDestination.of(new RemoteFolder(connections, "/out"));
    var retries = new DeliveryConfig(3, Duration.ZERO, Duration.ZERO, dir.resolve("spool"),
        DeliveryConfig.DEFAULT_LOCK_HEARTBEAT, DeliveryConfig.DEFAULT_LOCK_STALE_AFTER);
    delivery = new PartDelivery(folder, retries, new LocalStaging(dir.resolve("staging")), "orders",
        LocalDate.of(2024, 6, 30), d -> {}, RunProgress.NONE);
  }

  @AfterEach
  void stop() {
    connections.close();
    server.close();
  }

  SftpConfig config(int writesInFlight) {
    return new SftpConfig(server.host(), server.port(), USER, Optional.of(new Secret(PASSWORD)), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(server.hostKeyFingerprint()), false, "/out",
        4, Duration.ofSeconds(10), writesInFlight, 3, Duration.ofSeconds(10));
  }

  Path out() {
    return dir.resolve("root").resolve("out");
  }

  static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  /** Hidden upload temp files on the server's disk now. */
  List<String> openTempFiles() throws Exception {
    if (!Files.isDirectory(out())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(out())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.endsWith(".part")).toList();
    }
  }

  /** Polls {@code condition} on a timer until it holds. */
  static Future<Void> until(Vertx vertx, java.util.concurrent.Callable<Boolean> condition) {
    Promise<Void> done = Promise.promise();
    vertx.setPeriodic(20, id -> {
      try {
        if (condition.call()) {
          vertx.cancelTimer(id);
          done.tryComplete();
        }
      } catch (Exception e) {
        vertx.cancelTimer(id);
        done.tryFail(e);
      }
    });
    return done.future();
  }

  @Test
  void partsOfOneWriterUploadInParallelOnDifferentInstances(Vertx vertx, VertxTestContext test) throws Exception {
    byte[] first = random(600_000, 1);
    byte[] second = random(700_000, 2);
    Context context = vertx.getOrCreateContext();
    UploaderPool.deploy(vertx, 3).compose(pool -> {
      var a = new PartFeed(vertx, context, pool.lease(), 4);
      var b = new PartFeed(vertx, context, pool.lease(), 4);
      assertThat(a.address).isNotEqualTo(b.address);
      return Future.all(
              a.open("orders_20240630-000000000000.csv.gz", folder, dir.resolve("spool"), delivery)
                  .compose(v -> a.send(first, 0, first.length / 2, 64 * 1024)),
              b.open("orders_20240630-000000000001.csv.gz", folder, dir.resolve("spool"), delivery)
                  .compose(v -> b.send(second, 0, second.length / 2, 64 * 1024)))
          // Both parts half written: each instance holds its own upload open on the server.
          .compose(v -> until(vertx, () -> openTempFiles().size() == 2))
          .compose(v -> Future.all(
              a.send(first, first.length / 2, first.length, 64 * 1024).compose(x -> a.seal(10, 1000)),
              b.send(second, second.length / 2, second.length, 64 * 1024).compose(x -> b.seal(20, 2000))))
          .map(all -> List.<PartOutcome>of(all.resultAt(0), all.resultAt(1)));
    }).onComplete(test.succeeding(outcomes -> test.verify(() -> {
      assertThat(server.maxConcurrentSessions()).isGreaterThanOrEqualTo(2);
      assertThat(outcomes).allMatch(PartOutcome::sealed);
      assertThat(outcomes.get(0).rows()).isEqualTo(10);
      assertThat(Files.readAllBytes(out().resolve(outcomes.get(0).tempName()))).isEqualTo(first);
      assertThat(Files.readAllBytes(out().resolve(outcomes.get(1).tempName()))).isEqualTo(second);
      assertThat(outcomes.get(1).csvBytes()).isEqualTo(2000);
      // Sealed parts stay under their hidden temp names: nothing is visible before the set's commit.
      try (Stream<Path> files = Files.list(out())) {
        assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("."));
      }
      assertThat(dir.resolve("spool")).isEmptyDirectory();
      test.completeNow();
    })));
    assertThat(test.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSlowServerHoldsTheSenderAtItsWindowAndLosesNothing(Vertx vertx, VertxTestContext test) throws Exception {
    connections.close();
    connections = new SftpConnectionPool(config(2)); // two SFTP writes in flight: the upload blocks soon
    folder = PartDestination.of(new RemoteFolder(connections, "/out"));
    server.writeDelay(Duration.ofMillis(3));
    byte[] data = random(3 * 1024 * 1024, 3);
    int window = 4;
    int chunk = 32 * 1024;
    Context context = vertx.getOrCreateContext();
    var feed = new PartFeed[1];
    UploaderPool.deploy(vertx, 2).compose(pool -> {
      feed[0] = new PartFeed(vertx, context, pool.lease(), window);
      return feed[0].open("slow.csv.gz", folder, dir.resolve("spool"), delivery)
          .compose(v -> feed[0].send(data, 0, data.length, chunk))
          .compose(v -> feed[0].seal(1, data.length));
    }).onComplete(test.succeeding(outcome -> test.verify(() -> {
      assertThat(outcome.sealed()).isTrue();
      assertThat(Files.readAllBytes(out().resolve(outcome.tempName()))).isEqualTo(data);
      assertThat(outcome.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(data)));
      // Never more than the window unanswered (memory: window x chunk), and the sender did wait.
      assertThat(feed[0].maxOutstanding).isEqualTo(window);
      assertThat(feed[0].maxUnansweredBytes).isLessThanOrEqualTo((long) window * chunk);
      assertThat(feed[0].waitsForCredit).isGreaterThan(data.length / chunk / 2);
      test.completeNow();
    })));
    assertThat(test.awaitCompletion(120, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aConnectionKilledMidPartIsResentFromTheSpool(Vertx vertx, VertxTestContext test) throws Exception {
    byte[] data = random(1_500_000, 4);
    server.dropSessionsAfterBytes(400_000);
    Context context = vertx.getOrCreateContext();
    // What the instance logs about the part (the broken upload, the resend) is in the run's name.
    var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    logged.start();
    List<ch.qos.logback.classic.Logger> loggers = Stream.of(PartSpool.class, PartDelivery.class)
        .map(c -> (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(c)).toList();
    loggers.forEach(l -> l.addAppender(logged));
    var feeds = new PartFeed[1];
    UploaderPool.deploy(vertx, 2).compose(pool -> {
      var feed = new PartFeed(vertx, context, pool.lease(), 4);
      feeds[0] = feed;
      return feed.open("killed.csv.gz", folder, dir.resolve("spool"), delivery)
          .compose(v -> feed.send(data, 0, data.length, 64 * 1024))
          .compose(v -> feed.seal(7, 9999));
    }).onComplete(test.succeeding(outcome -> test.verify(() -> {
      assertThat(server.sessionDrops()).isEqualTo(1);
      assertThat(outcome.sealed()).as(outcome.toString()).isTrue();
      assertThat(Files.readAllBytes(out().resolve(outcome.tempName()))).isEqualTo(data);
      assertThat(openTempFiles()).containsExactly(outcome.tempName()); // the broken attempt's temp is gone
      assertThat(dir.resolve("spool")).isEmptyDirectory();
      loggers.forEach(l -> l.detachAppender(logged));
      assertThat(logged.list).extracting(e -> e.getMDCPropertyMap().get("run_id"))
          .isNotEmpty().containsOnly(feeds[0].runId);
      assertThat(logged.list).allMatch(e -> e.getThreadName().startsWith(UploaderPool.WORKER_POOL + "-"));
      test.completeNow();
    })));
    assertThat(test.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
  }
}
