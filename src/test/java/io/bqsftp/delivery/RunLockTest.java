package io.bqsftp.delivery;

import io.bqsftp.support.Poll;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.export.ExportClient;
import io.bqsftp.export.ExportCoordinator;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.support.Await;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two Vert.x instances with their own engines) asked for the same export and date:
 * only one writes; a lock whose replica died is taken over.
 */
@ExtendWith(VertxExtension.class)
class RunLockTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);

  @TempDir Path dir;
  LocalStack stack;
  Path outbound;
  Path lock;

  @BeforeEach
  void start() throws Exception {
    stack = LocalStack.start(dir, 4_000);
    outbound = Files.createDirectories(stack.root.resolve("outbound"));
    lock = outbound.resolve(RunLock.filePrefix("all", DATE) + "1");
  }

  @AfterEach
  void stop() throws Exception {
    stack.close();
  }

  private ExportClient replica(Vertx vertx) throws Exception {
    ServiceConfig config = stack.config(Map.of("all", LocalStack.fullExport()));
    Await.result(vertx.deployVerticle(new ExportCoordinator(config, stack.engine(config), Clock.systemUTC())));
    return new ExportClient(vertx);
  }

  private ExportRequest request() {
    return new ExportRequest("all", Optional.of(DATE));
  }

  private long partFiles() throws Exception {
    try (var files = Files.list(outbound)) {
      return files.filter(p -> p.getFileName().toString().startsWith("all_")).count();
    }
  }

  @Test
  void aSecondReplicaIsRefusedWhileTheFirstWrites(Vertx vertx) throws Exception {
    stack.bigquery.setBatchRows(200);
    stack.bigquery.setReadDelay(Duration.ofMillis(100));
    Vertx other = Vertx.vertx();
    try {
      ExportClient first = replica(vertx);
      ExportClient second = replica(other);
      Future<JsonObject> running = first.run(request());
      Poll.until("the first replica to take the lock", Duration.ofSeconds(30), () -> !lockFiles().isEmpty());

      Throwable refused = Await.failure(second.run(request()));
      JsonObject firstResult = Await.result(running);

      assertThat(ExportClient.failureStatus(refused)).isEqualTo(409);
      assertThat(ExportClient.failureBody(refused).getString("failed_stage")).isEqualTo("conflict");
      assertThat(ExportClient.failureBody(refused).getString("error")).contains("being written by another run");
      assertThat(firstResult.getString("status")).isEqualTo("succeeded");
      assertThat(lockFiles()).isEmpty();
      assertThat(partFiles()).isEqualTo(1);
    } finally {
      Await.result(other.close());
    }
  }

  @Test
  void aLockWhoseReplicaDiedIsTakenOver(Vertx vertx) throws Exception {
    // Its holder's last heartbeat is older than the stale limit; the file's mtime is fresh (a server
    // that refuses SETSTAT): only the heartbeat in the content counts.
    Files.writeString(lock, holder("dead", Instant.now().minus(DeliveryConfig.DEFAULT_LOCK_STALE_AFTER).minusSeconds(60)));

    JsonObject result = Await.result(replica(vertx).run(request()));

    assertThat(result.getString("status")).isEqualTo("succeeded");
    assertThat(lockFiles()).isEmpty();
    assertThat(partFiles()).isEqualTo(1);
  }

  @Test
  void aLiveLockOfAnotherRunIsLeftAloneAndNothingIsWritten(Vertx vertx) throws Exception {
    String content = holder("other", Instant.now());
    Files.writeString(lock, content);
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofHours(1)))); // mtime not used

    Throwable refused = Await.failure(replica(vertx).run(request()));

    assertThat(ExportClient.failureStatus(refused)).isEqualTo(409);
    assertThat(lock).hasContent(content);
    assertThat(partFiles()).isZero();
    // A refused run never enters the history: verify and retry keep looking at the holder's run.
    assertThat(new io.bqsftp.ledger.FileLedger(stack.dir.resolve("ledger/exports.jsonl")).latestRun("all", DATE))
        .isEmpty();
  }

  @Test
  void aLiveLockOfAnOlderVersionKeepsTheRunOutAndAStaleOneIsRemoved(Vertx vertx) throws Exception {
    Path legacy = outbound.resolve(".bqsftp-all-20240630.lock");
    Files.writeString(legacy, "{\"run_id\":\"all-20240630-old\"}");

    Throwable refused = Await.failure(replica(vertx).run(request()));
    assertThat(ExportClient.failureStatus(refused)).isEqualTo(409);
    assertThat(ExportClient.failureBody(refused).getString("error")).contains("older version");

    Files.setLastModifiedTime(legacy, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));
    JsonObject result = Await.result(replica(vertx).run(request()));
    assertThat(result.getString("status")).isEqualTo("succeeded");
    assertThat(legacy).doesNotExist();
  }

  static String holder(String token, Instant heartbeat) {
    return new JsonObject().put("token", token).put("run_id", "all-20240630-" + token).put("generation", 1)
        .put("beat", 7).put("heartbeat_at", heartbeat.toString()).encode();
  }

  private java.util.List<String> lockFiles() throws Exception {
    try (var files = Files.list(outbound)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(RunLock.filePrefix("all", DATE)))
          .toList();
    }
  }
}
