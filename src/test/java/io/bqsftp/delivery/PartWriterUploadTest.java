package io.bqsftp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.local.EmbeddedSftpServer;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.sftp.RemoteFolder;
import io.bqsftp.staging.LocalStaging;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PartWriter on one worker context, its parts going through the uploader pool to a slow MINA
 * server: the writer is held back by whenWritable (never by blocking), starts the next part while
 * the previous one seals (two sessions at once), and finishing() answers every part in order.
 */
@ExtendWith(VertxExtension.class)
class PartWriterUploadTest {
  @TempDir Path dir;
  EmbeddedSftpServer server;
  SftpConnectionPool connections;

  /** A worker verticle whose context plays the run's assembly context. */
  static final class RunContext extends VerticleBase {
    Context context() {
      return context;
    }
  }

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(dir.resolve("root"));
    server = new EmbeddedSftpServer().start(dir.resolve("root"), UploaderPoolTest.USER, UploaderPoolTest.PASSWORD);
    connections = new SftpConnectionPool(new io.bqsftp.config.SftpConfig(server.host(), server.port(),
        UploaderPoolTest.USER, Optional.of(new io.bqsftp.config.Secret(UploaderPoolTest.PASSWORD)), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(server.hostKeyFingerprint()), false, "/out",
        4, Duration.ofSeconds(10), 2, 3, Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() {
    connections.close();
    server.close();
  }

  @Test
  void aSlowServerHoldsTheWriterBackAndPartsSealWhileTheNextIsWritten(Vertx vertx, VertxTestContext test)
      throws Exception {
    server.writeDelay(Duration.ofMillis(2));
    PartDestination folder = PartDestination.of(new RemoteFolder(connections, "/out"));
    var retries = new DeliveryConfig(3, Duration.ZERO, Duration.ZERO, dir.resolve("spool"),
        DeliveryConfig.DEFAULT_LOCK_HEARTBEAT, DeliveryConfig.DEFAULT_LOCK_STALE_AFTER);
    LocalDate date = LocalDate.of(2024, 6, 30);
    var delivery = new PartDelivery(folder, retries, new LocalStaging(dir.resolve("staging")), "orders", date,
        d -> {}, RunProgress.NONE);
    byte[] header = "id,payload\n".getBytes(StandardCharsets.UTF_8);
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      chunks.add(UploaderPoolTest.random(100_000, 100 + i));
    }
    List<PartOutcome> reported = new ArrayList<>();
    int[] deferred = {0};
    var run = new RunContext();
    UploaderPool.deploy(vertx, 3)
        .compose(pool -> vertx.deployVerticle(run, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
            .compose(id -> {
              Promise<List<PartOutcome>> finished = Promise.promise();
              run.context().runOnContext(v -> {
                var parts = new PartWriter(folder, new FileNaming(ExportConfig.DEFAULT_FILE_NAME_TEMPLATE, "orders",
                    date, false), header, 1_000_000, Optional.empty(), dir.resolve("spool"), delivery,
                    o -> {
                      assertThat(Vertx.currentContext()).isSameAs(run.context()); // outcomes on the run's context
                      reported.add(o);
                    }, pool);
                feed(parts, chunks, 0, deferred, finished);
              });
              return finished.future();
            }))
        .onComplete(test.succeeding(outcomes -> test.verify(() -> {
          // 40 x 100 kB in parts of at most 1 MB of text: 9 rows' worth per part, 5 parts.
          assertThat(outcomes).hasSize(5).allMatch(PartOutcome::sealed);
          assertThat(reported).containsExactlyInAnyOrderElementsOf(outcomes);
          assertThat(outcomes).extracting(PartOutcome::name).isSorted();
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          for (PartOutcome o : outcomes) {
            byte[] file = Files.readAllBytes(dir.resolve("root/out").resolve(o.tempName()));
            assertThat(new String(file, 0, header.length, StandardCharsets.UTF_8)).isEqualTo("id,payload\n");
            all.write(file, header.length, file.length - header.length);
          }
          ByteArrayOutputStream expected = new ByteArrayOutputStream();
          chunks.forEach(expected::writeBytes);
          assertThat(all.toByteArray()).isEqualTo(expected.toByteArray());
          assertThat(outcomes.stream().mapToLong(PartOutcome::rows).sum()).isEqualTo(40);
          assertThat(deferred[0]).as("writes that had to wait for a credit").isPositive();
          assertThat(server.maxConcurrentSessions()).as("a part sealing while the next is written").isGreaterThanOrEqualTo(2);
          test.completeNow();
        })));
    assertThat(test.awaitCompletion(120, TimeUnit.SECONDS)).isTrue();
  }

  PartDelivery delivery(PartDestination folder, Path spool) {
    var retries = new DeliveryConfig(3, Duration.ZERO, Duration.ZERO, spool,
        DeliveryConfig.DEFAULT_LOCK_HEARTBEAT, DeliveryConfig.DEFAULT_LOCK_STALE_AFTER);
    return new PartDelivery(folder, retries, new LocalStaging(dir.resolve("staging")), "orders",
        LocalDate.of(2024, 6, 30), d -> {}, RunProgress.NONE);
  }

  PartWriter writer(PartDestination folder, Path spool, UploaderPool pool) {
    return new PartWriter(folder, new FileNaming(ExportConfig.DEFAULT_FILE_NAME_TEMPLATE, "orders",
        LocalDate.of(2024, 6, 30), false), "id,payload\n".getBytes(StandardCharsets.UTF_8), 1_000_000,
        Optional.empty(), spool, delivery(folder, spool), o -> {}, pool);
  }

  /** Runs {@code action} on a fresh worker context (the run's). */
  <T> io.vertx.core.Future<T> onRunContext(Vertx vertx, java.util.function.Function<Promise<T>, Runnable> action) {
    var run = new RunContext();
    return vertx.deployVerticle(run, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).compose(id -> {
      Promise<T> done = Promise.promise();
      run.context().runOnContext(v -> action.apply(done).run());
      return done.future();
    });
  }

  List<String> files(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (var list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void anAbortedWriterLeavesNoFileOnTheServerAndNoSpool(Vertx vertx, VertxTestContext test) throws Exception {
    server.writeDelay(Duration.ofMillis(1));
    PartDestination folder = PartDestination.of(new RemoteFolder(connections, "/out"));
    Path spool = dir.resolve("spool");
    UploaderPool.deploy(vertx, 3).compose(pool -> onRunContext(vertx, (Promise<Void> done) -> () -> {
      PartWriter parts = writer(folder, spool, pool);
      try {
        // Two parts and a half: the first seals (maybe) while the others are written, then the run breaks off.
        for (int i = 0; i < 25; i++) {
          parts.write(UploaderPoolTest.random(100_000, i), 100_000, 1);
        }
      } catch (Exception e) {
        done.fail(e);
        return;
      }
      parts.abort();
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> parts.write(new byte[1], 1, 1)))
          .hasMessageContaining("already failed");
      done.complete();
    }).compose(v -> UploaderPoolTest.until(vertx, () -> pool.leased() == 0)))
        .compose(v -> UploaderPoolTest.until(vertx, () -> files(dir.resolve("root/out")).isEmpty() && files(spool).isEmpty()))
        .onComplete(test.succeedingThenComplete());
    assertThat(test.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSpoolThatCannotBeCreatedFailsTheNextWriteNamingIt(Vertx vertx, VertxTestContext test) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("spool-file"), "x");
    PartDestination folder = PartDestination.of(new RemoteFolder(connections, "/out"));
    UploaderPool.deploy(vertx, 2).compose(pool -> onRunContext(vertx, (Promise<Throwable> done) -> () -> {
      PartWriter parts = writer(folder, notADirectory, pool);
      writeUntilFailure(parts, 0, done);
    }).compose(failure -> UploaderPoolTest.until(vertx, () -> pool.leased() == 0).map(failure)))
        .onComplete(test.succeeding(failure -> test.verify(() -> {
          assertThat(failure).isInstanceOf(java.io.IOException.class)
              .hasMessageContaining("cannot create a spool file in " + notADirectory);
          assertThat(files(dir.resolve("root/out"))).isEmpty(); // the live upload was aborted
          test.completeNow();
        })));
    assertThat(test.awaitCompletion(60, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Writes 100 kB chunks, each from whenWritable, until a write fails: the uploader's failure
   * reaches the writer through its replies, not at once (a write never waits for them).
   */
  private static void writeUntilFailure(PartWriter parts, int i, Promise<Throwable> done) {
    if (i == 100) {
      done.fail("100 writes went through although the uploader could not spool the part");
      return;
    }
    try {
      parts.write(UploaderPoolTest.random(100_000, i), 100_000, 1);
    } catch (Exception e) {
      done.complete(e);
      return;
    }
    parts.whenWritable(() -> writeUntilFailure(parts, i + 1, done));
  }

  /** Writes chunk {@code i}, then the next one only from whenWritable, as the run's assembler does. */
  private static void feed(PartWriter parts, List<byte[]> chunks, int i, int[] deferred,
      Promise<List<PartOutcome>> finished) {
    if (i == chunks.size()) {
      parts.finishing().onComplete(finished);
      return;
    }
    try {
      parts.write(chunks.get(i), chunks.get(i).length, 1);
    } catch (Exception e) {
      finished.fail(e);
      return;
    }
    boolean[] inCall = {true};
    parts.whenWritable(() -> {
      if (!inCall[0]) {
        deferred[0]++;
      }
      feed(parts, chunks, i + 1, deferred, finished);
    });
    inCall[0] = false;
  }
}
