package io.bqsftp.delivery;

import io.bqsftp.contract.FileReceipt;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.service.ExportEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.config.ConfigException;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.ledger.FileLedger;
import io.bqsftp.ledger.LedgerEntry;
import io.bqsftp.contract.RunStatus;
import io.bqsftp.support.CsvFiles;
import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol and the fenced lock against embedded MINA SSHD: a set becomes visible whole,
 * an interrupted commit is rolled forward by the next run, manifest and marker come last, replicas
 * racing for a stale lock leave exactly one holder, and a holder that lost its lock renames nothing.
 */
class SetCommitTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);
  static final String EXPORT = "all";

  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  ServiceConfig config(JsonObject exportExtras) {
    JsonObject export = LocalStack.fullExport().put("compress", false).put("max_file_bytes", 400_000);
    exportExtras.forEach(e -> export.put(e.getKey(), e.getValue()));
    JsonObject json = stack.configJson(Map.of(EXPORT, export))
        .put("lock", new JsonObject().put("heartbeat_seconds", 1).put("stale_after_seconds", 3));
    json.getJsonObject("sftp").put("timeout_seconds", 3);
    return ConfigLoader.fromJson(json, Map.of());
  }

  Path outbound() {
    return stack.root.resolve("outbound");
  }

  List<String> visible() throws Exception {
    try (Stream<Path> files = Files.list(outbound())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  List<String> hidden() throws Exception {
    try (Stream<Path> files = Files.list(outbound())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
    }
  }

  /** The ids (first column) of every data row in the visible parts. */
  List<String> visibleIds() throws Exception {
    List<String> ids = new ArrayList<>();
    for (String name : visible()) {
      if (name.matches("all_20240630-\\d{12}\\.csv(\\.gz)?")) {
        var records = CsvFiles.records(CsvFiles.text(outbound().resolve(name)), ',');
        records.subList(1, records.size()).forEach(r -> ids.add(r.get(0)));
      }
    }
    return ids;
  }

  @Test
  void manifestAndDoneMarkerAreWrittenAfterTheSetAndAReRunReplacesEverything() throws Exception {
    stack = LocalStack.start(dir, 6_000);
    ServiceConfig config = config(new JsonObject().put("manifest_file", "{export_name}_{date}.manifest.json")
        .put("done_file", "_SUCCESS"));
    ExportEngine engine = stack.engine(config);
    ExportResult first = engine.run(RunPlan.of(config.export(EXPORT).orElseThrow(), DATE), RunProgress.NONE);
    assertThat(first.succeeded()).as(first.toJson().encodePrettily()).isTrue();
    assertThat(first.files()).hasSizeGreaterThan(2);

    JsonObject manifest = new JsonObject(Files.readString(outbound().resolve("all_20240630.manifest.json")));
    assertThat(manifest.getString("run_id")).isEqualTo(first.runId());
    assertThat(manifest.getLong("total_rows")).isEqualTo(6_000);
    assertThat(manifest.getJsonArray("files")).hasSize(first.files().size());
    assertThat(manifest.getJsonArray("files").getJsonObject(0).getString("sha256"))
        .isEqualTo(first.files().get(0).sha256());
    assertThat(outbound().resolve("_SUCCESS")).exists().isEmptyFile();
    assertThat(visibleIds()).hasSize(6_000).doesNotHaveDuplicates();
    assertThat(hidden()).isEmpty();

    // A smaller table: fewer parts. The re-run's set replaces the whole earlier one.
    stack.bigquery.addTable(LocalStack.TABLE, io.bqsftp.local.DemoTable.generate(1_500));
    ExportResult second = engine.run(RunPlan.of(config.export(EXPORT).orElseThrow(), DATE), RunProgress.NONE);
    assertThat(second.succeeded()).isTrue();
    assertThat(second.files().size()).isLessThan(first.files().size());
    assertThat(visible()).containsExactlyInAnyOrderElementsOf(Stream.concat(
        second.files().stream().map(FileReceipt::name), Stream.of("all_20240630.manifest.json", "_SUCCESS")).toList());
    assertThat(new JsonObject(Files.readString(outbound().resolve("all_20240630.manifest.json"))).getString("run_id"))
        .isEqualTo(second.runId());
    assertThat(visibleIds()).hasSize(1_500).doesNotHaveDuplicates();
    assertThat(hidden()).isEmpty();
  }

  @Test
  void aCommitInterruptedHalfWayIsRolledForwardByTheNextRun() throws Exception {
    stack = LocalStack.start(dir, 6_000);
    ServiceConfig config = config(new JsonObject().put("done_file", "{export_name}_{date}.done"));
    ExportEngine engine = stack.engine(config);
    ExportResult earlier = engine.run(RunPlan.of(config.export(EXPORT).orElseThrow(), DATE), RunProgress.NONE);
    assertThat(earlier.succeeded()).isTrue();

    // What a process killed after its journal and one rename leaves: a journal naming sealed temp
    // files, the first already renamed, the marker already removed.
    List<CommitJournal.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String name = String.format("all_20240630-%012d.csv", i);
      String temp = "." + name + ".0123456789a" + i + ".part";
      byte[] content = ("id\n" + "dead-" + i + "\n").getBytes();
      Files.write(outbound().resolve(i == 0 ? name : temp), content);
      entries.add(new CommitJournal.Entry(temp, name, 1, content.length, content.length, "x"));
    }
    Files.delete(outbound().resolve("all_20240630.done"));
    var dead = new CommitJournal("all-20240630-dead", EXPORT, DATE, LocalStack.TABLE, "sftp://x/outbound",
        java.time.Instant.now(), entries, java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.of("all_20240630.done"), false);
    Files.write(outbound().resolve(CommitJournal.fileName(EXPORT, DATE)), dead.toBytes());
    Files.writeString(outbound().resolve(".all_20240630-000000000007.csv.fedcba987654.part"), "half-written");

    // verify sees the interrupted commit; retry finishes it and records the dead run's set.
    var recovery = engine.recovery();
    assertThat(new io.bqsftp.recovery.RunCheck(recovery).check(EXPORT, DATE).problems())
        .anySatisfy(p -> assertThat(p).contains("commit was interrupted"));
    var report = new io.bqsftp.recovery.RunRetry(recovery, Clock.systemUTC()).retry(EXPORT, DATE);
    assertThat(report.message()).contains("finished the interrupted commit of run all-20240630-dead");
    assertThat(visible()).containsExactlyInAnyOrder("all_20240630-000000000000.csv", "all_20240630-000000000001.csv",
        "all_20240630.done");
    assertThat(visibleIds()).containsExactlyInAnyOrder("dead-0", "dead-1");
    LedgerEntry latest = recovery.ledger().latestRun(EXPORT, DATE).orElseThrow();
    assertThat(latest.runId()).isEqualTo("all-20240630-dead");
    assertThat(latest.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(latest.event()).isEqualTo(LedgerEntry.COMMITTED);

    // The next run leaves only its own complete set, and nothing hidden.
    ExportResult next = engine.run(RunPlan.of(config.export(EXPORT).orElseThrow(), DATE), RunProgress.NONE);
    assertThat(next.succeeded()).isTrue();
    assertThat(visibleIds()).hasSize(6_000).doesNotHaveDuplicates();
    assertThat(hidden()).isEmpty();
  }

  @Test
  void replicasRacingForAStaleLockLeaveExactlyOneHolder() throws Exception {
    stack = LocalStack.start(dir, 10);
    ServiceConfig config = config(new JsonObject());
    Files.createDirectories(outbound());
    String stale = RunLock.filePrefix(EXPORT, DATE) + "4";
    Files.writeString(outbound().resolve(stale), RunLockTest.holder("dead", java.time.Instant.now().minusSeconds(60)));

    var recovery = stack.engine(config).recovery();
    var export = config.export(EXPORT).orElseThrow();
    int replicas = 6;
    ExecutorService threads = Executors.newFixedThreadPool(replicas);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<RunLock>> attempts = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      String runId = "replica-" + i;
      var folder = recovery.lockFolder(export);
      folder.files(); // connect first, so they race on the lock and not on logins
      Callable<RunLock> attempt = () -> {
        go.await();
        try {
          return RunLock.acquire(folder, recovery.lockTiming(Clock.systemUTC()), EXPORT, DATE, runId);
        } catch (RunLock.HeldElsewhereException e) {
          return null;
        }
      };
      attempts.add(threads.submit(attempt));
    }
    go.countDown();
    List<RunLock> holders = new ArrayList<>();
    for (Future<RunLock> f : attempts) {
      RunLock lock = f.get(60, TimeUnit.SECONDS);
      if (lock != null) {
        holders.add(lock);
      }
    }
    threads.shutdownNow();
    try {
      assertThat(holders).hasSize(1);
      holders.get(0).verifyHeld();
      assertThat(hidden()).containsExactly(RunLock.filePrefix(EXPORT, DATE) + "5");
    } finally {
      holders.forEach(RunLock::close);
    }
    assertThat(hidden()).isEmpty();
  }

  @Test
  void aHolderWhoseLockWasTakenOverRenamesNothingAndLeavesTheNewLockAlone() throws Exception {
    stack = LocalStack.start(dir, 10);
    ServiceConfig config = config(new JsonObject());
    var recovery = stack.engine(config).recovery();
    var export = config.export(EXPORT).orElseThrow();
    RunLock mine = RunLock.acquire(recovery.lockFolder(export), recovery.lockTiming(Clock.systemUTC()), EXPORT, DATE,
        "mine");
    // Another replica decided this lock was stale and took the next generation.
    Path taken = outbound().resolve(RunLock.filePrefix(EXPORT, DATE) + "2");
    String theirs = RunLockTest.holder("theirs", java.time.Instant.now());
    Files.writeString(taken, theirs);

    assertThatThrownBy(mine::verifyHeld).isInstanceOf(RunLock.LostException.class)
        .hasMessageContaining("newer lock generation");
    mine.close();
    assertThat(taken).hasContent(theirs);
  }

  @Test
  void theLockKeepsItsHeartbeatWhileEveryPooledConnectionIsBusy() throws Exception {
    stack = LocalStack.start(dir, 10);
    JsonObject json = stack.configJson(Map.of(EXPORT, LocalStack.fullExport()))
        .put("lock", new JsonObject().put("heartbeat_seconds", 1).put("stale_after_seconds", 3));
    json.getJsonObject("sftp").put("max_connections", 1).put("timeout_seconds", 3);
    ServiceConfig config = ConfigLoader.fromJson(json, Map.of());
    var recovery = stack.engine(config).recovery();
    var export = config.export(EXPORT).orElseThrow();
    RunLock lock = RunLock.acquire(recovery.lockFolder(export), recovery.lockTiming(Clock.systemUTC()), EXPORT, DATE,
        "long-run");
    // An upload holds the only pooled connection for longer than the stale limit.
    try (var upload = recovery.uploader(export).open("all_20240630-000000000000.csv.gz")) {
      // Part of the scenario: hold the connection for longer than the stale limit (3 s).
      Thread.sleep(Duration.ofSeconds(5).toMillis());
      lock.verifyHeld();
      // A second replica sees a live lock.
      assertThatThrownBy(() -> RunLock.acquire(recovery.lockFolder(export), recovery.lockTiming(Clock.systemUTC()),
          EXPORT, DATE, "second")).isInstanceOf(RunLock.HeldElsewhereException.class);
    } finally {
      lock.close();
    }
  }

  @Test
  void configsWhereTheHeartbeatCannotKeepTheLockFreshAreRejected() throws Exception {
    stack = LocalStack.start(dir, 10);
    JsonObject json = stack.configJson(Map.of(EXPORT, LocalStack.fullExport()))
        .put("lock", new JsonObject().put("heartbeat_seconds", 20).put("stale_after_seconds", 30));
    json.getJsonObject("sftp").put("timeout_seconds", 60);
    assertThatThrownBy(() -> ConfigLoader.fromJson(json, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("lock.stale_after_seconds: must be at least 3 x lock.heartbeat_seconds (60)")
        .hasMessageContaining("lock.stale_after_seconds: must be at least sftp.timeout_seconds (60)");
    JsonObject badMarker = stack.configJson(Map.of(EXPORT, LocalStack.fullExport().put("done_file", ".hidden")));
    assertThatThrownBy(() -> ConfigLoader.fromJson(badMarker, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports.all.done_file: must not start with '.'");
  }
}
