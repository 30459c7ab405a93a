package io.bqsftp.trigger;

import io.bqsftp.support.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bqsftp.cli.ServiceRuntime;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.support.LocalStack;
import io.bqsftp.trigger.FakePubSub.Event;
import io.bqsftp.trigger.FakePubSub.Kind;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The real google-cloud-pubsub {@code Subscriber} pulling from {@link FakePubSub}, the real engine
 * exporting from the local BigQuery server to embedded SFTP: ack only after the file landed, nack
 * and redelivery, lease extension on a slow run, a duplicate joining the running export, poison
 * messages, and shutdown during a run.
 */
class PubSubTriggerTest {
  static final String SUBSCRIPTION = "projects/test-project/subscriptions/export-triggers";
  static final String FINAL_NAME = "product_data_20250317-000000000000.csv.gz";
  static final String BODY = "{\"export_name\":\"product_data\",\"date\":\"2025-03-17\"}";

  @TempDir Path dir;
  LocalStack stack;
  FakePubSub pubsub;
  ExportEngine engine;
  ServiceRuntime runtime;
  final AtomicInteger runs = new AtomicInteger();
  final AtomicInteger conflicts = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    stack = LocalStack.start(dir, 2_000);
    pubsub = new FakePubSub();
  }

  @AfterEach
  void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    pubsub.close();
    stack.close();
  }

  private void startService(int graceSeconds) throws Exception {
    JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()))
        .put("max_concurrent_exports", 2)
        .put("shutdown_grace_seconds", graceSeconds)
        .put("pubsub", new JsonObject().put("subscription", SUBSCRIPTION).put("emulator_host", pubsub.endpoint())
            .put("conflict_retry_seconds", 1));
    ServiceConfig config = ConfigLoader.fromJson(json, Map.of());
    engine = ExportEngine.start(config);
    runtime = ServiceRuntime.start(Vertx.vertx(), config, new ServiceRuntime.Options(false, true, Optional.empty()),
        (plan, progress) -> {
          runs.incrementAndGet();
          var result = engine.run(plan, progress);
          if (result.failure().map(f -> f.stage() == io.bqsftp.contract.RunFailure.Stage.CONFLICT).orElse(false)) {
            conflicts.incrementAndGet();
          }
          return result;
        }, engine);
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
    Poll.until(what, timeout, condition::getAsBoolean);
  }

  private boolean landed() {
    return Files.exists(stack.root.resolve("outbound").resolve(FINAL_NAME));
  }

  /** Makes each of the 2,000 rows' batches slow: about {@code seconds} per run. */
  private void slowReads(double seconds) {
    stack.bigquery.setBatchRows(100);
    stack.bigquery.setReadDelay(Duration.ofMillis((long) (seconds * 1000 * 3 / 20)));
  }

  @Test
  void acksOnlyAfterTheFileLanded() throws Exception {
    List<Boolean> landedAtAck = new CopyOnWriteArrayList<>();
    pubsub.onEvent(e -> {
      if (e.kind() == Kind.ACK) {
        landedAtAck.add(landed());
      }
    });
    startService(30);
    slowReads(1);

    String id = pubsub.publish(BODY);

    await("the ack", Duration.ofSeconds(60), () -> !pubsub.events(id, Kind.ACK).isEmpty());
    assertThat(landedAtAck).containsExactly(true);
    assertThat(pubsub.events(id, Kind.DELIVERED)).hasSize(1);
    assertThat(pubsub.events(id, Kind.NACK)).isEmpty();
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void failedRunIsNackedRedeliveredAndThenAcked() throws Exception {
    stack.sftp.refuseWrites(true);
    // The first nack puts the SFTP server right: the redelivery's run succeeds.
    pubsub.onEvent(e -> {
      if (e.kind() == Kind.NACK) {
        stack.sftp.refuseWrites(false);
      }
    });
    startService(30);

    String id = pubsub.publish(BODY);

    await("the ack", Duration.ofSeconds(60), () -> !pubsub.events(id, Kind.ACK).isEmpty());
    assertThat(pubsub.events(id, Kind.NACK)).hasSize(1);
    assertThat(pubsub.events(id, Kind.DELIVERED)).hasSize(2);
    assertThat(pubsub.events(id, Kind.ACK)).hasSize(1);
    assertThat(landed()).isTrue();
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void slowRunKeepsItsLeaseAndIsNotRedelivered() throws Exception {
    startService(30);
    slowReads(14);

    String id = pubsub.publish(BODY);

    await("the ack", Duration.ofSeconds(90), () -> !pubsub.events(id, Kind.ACK).isEmpty());
    Event delivered = pubsub.events(id, Kind.DELIVERED).get(0);
    Event acked = pubsub.events(id, Kind.ACK).get(0);
    assertThat(Duration.ofNanos(acked.nanos() - delivered.nanos())).isGreaterThan(Duration.ofSeconds(12));
    // The lease was extended during the run (the fake expires leases like the service does) ...
    List<Event> modacks = pubsub.events(id, Kind.MODACK);
    assertThat(modacks).hasSizeGreaterThanOrEqualTo(2);
    assertThat(modacks).allSatisfy(m -> assertThat(m.seconds()).isPositive());
    // ... so the message was delivered once, never expired, and acked once.
    assertThat(pubsub.events(id, Kind.EXPIRED)).isEmpty();
    assertThat(pubsub.events(id, Kind.DELIVERED)).hasSize(1);
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void redeliveryDuringItsRunWaitsForThatRunAndBothAreAcked() throws Exception {
    startService(30);
    slowReads(3);

    String id = pubsub.publish(BODY);
    await("the run", Duration.ofSeconds(30), () -> runs.get() == 1);
    pubsub.redeliver(id);

    await("both acks", Duration.ofSeconds(60), () -> pubsub.events(id, Kind.ACK).size() == 2);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(pubsub.events(id, Kind.NACK)).isEmpty();
    assertThat(landed()).isTrue();
  }

  @Test
  void redeliveryOfAMessageWhoseRunSucceededIsAckedWithoutAnExport() throws Exception {
    startService(30);
    String id = pubsub.publish(BODY);
    await("the ack", Duration.ofSeconds(60), () -> pubsub.events(id, Kind.ACK).size() == 1);
    Path file = stack.root.resolve("outbound").resolve(FINAL_NAME);
    var modified = Files.getLastModifiedTime(file);

    pubsub.redeliver(id);

    await("the second ack", Duration.ofSeconds(60), () -> pubsub.events(id, Kind.ACK).size() == 2);
    assertThat(runs.get()).as("the export history knew the message").isEqualTo(1);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
  }

  @Test
  void aMessagePublishedDuringARunAsksForANewExportAndRunsAfterIt() throws Exception {
    startService(30);
    slowReads(3);

    String first = pubsub.publish(BODY);
    await("the first run", Duration.ofSeconds(30), () -> runs.get() == 1);
    String second = pubsub.publish(BODY);

    await("both acks", Duration.ofSeconds(60),
        () -> !pubsub.events(first, Kind.ACK).isEmpty() && !pubsub.events(second, Kind.ACK).isEmpty());
    // Not folded into the older run: its data may predate what the second message asked for.
    assertThat(runs.get()).isEqualTo(2);
    assertThat(pubsub.events(second, Kind.ACK).get(0).nanos()).isGreaterThan(pubsub.events(first, Kind.ACK).get(0).nanos());
    assertThat(pubsub.events(first, Kind.NACK)).isEmpty();
    assertThat(pubsub.events(second, Kind.NACK)).isEmpty();
    assertThat(landed()).isTrue();
  }

  @Test
  void aConflictWithAnotherReplicaKeepsTheMessageLeasedUntilTheLockIsFree() throws Exception {
    // Another replica is writing this export and date: its fresh lock file is in the folder.
    Path lock = Files.createDirectories(stack.root.resolve("outbound")).resolve(".bqsftp-product_data-20250317.lock");
    Files.writeString(lock, "other-replica");
    startService(30);

    String id = pubsub.publish(BODY);
    // Two attempts met the lock; the next one comes a second later.
    await("two attempts that met the lock", Duration.ofSeconds(30), () -> conflicts.get() >= 2);
    Files.delete(lock); // the other replica finished

    await("the ack", Duration.ofSeconds(60), () -> !pubsub.events(id, Kind.ACK).isEmpty());
    // Never nacked: no delivery attempt was spent on the conflict, so it can never dead-letter.
    assertThat(pubsub.events(id, Kind.NACK)).isEmpty();
    assertThat(pubsub.events(id, Kind.DELIVERED)).hasSize(1);
    assertThat(landed()).isTrue();
  }

  @Test
  void poisonMessagesAreAckedWithAWarningAndNeverRun() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(PubSubTrigger.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      startService(30);

      String notJson = pubsub.publish("{export_name:");
      String unknown = pubsub.publish("{\"export_name\":\"nope\"}");
      String badDate = pubsub.publish("{\"export_name\":\"product_data\",\"date\":\"31/12/2025\"}");

      await("three acks", Duration.ofSeconds(30), () -> List.of(notJson, unknown, badDate).stream()
          .allMatch(id -> !pubsub.events(id, Kind.ACK).isEmpty()));
      assertThat(pubsub.events()).noneMatch(e -> e.kind() == Kind.NACK);
      assertThat(runs.get()).isZero();
      List<String> warnings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains(notJson).contains("message.data: is not valid JSON"));
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains(unknown).contains("unknown export \"nope\""));
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains(badDate).contains("date: must be a calendar date"));
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void shutdownDuringARunCancelsItNacksTheMessageAndLeavesNoPartialFile() throws Exception {
    startService(1);
    slowReads(60);

    String id = pubsub.publish(BODY);
    // Wait until a part is open on the SFTP server (its hidden temp file exists).
    await("an open part", Duration.ofSeconds(30), () -> {
      try {
        return stack.files().findAny().isPresent();
      } catch (Exception e) {
        return false;
      }
    });

    long started = System.nanoTime();
    runtime.shutdown();
    runtime = null;

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(pubsub.events(id, Kind.NACK)).hasSize(1);
    assertThat(pubsub.events(id, Kind.ACK)).isEmpty();
    assertThat(landed()).isFalse();
    assertThat(stack.files().toList()).as("no file, final or temporary, is left").isEmpty();
  }
}
