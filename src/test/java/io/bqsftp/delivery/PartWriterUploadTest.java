package io.bqsftp.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.local.EmbeddedSftpServer;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.sftp.SftpUploader;
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
    PartDestination folder = PartDestination.of(new SftpUploader(connections, "/out"));
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
