package io.bqsftp.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.ledger.FileLedger;
import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import io.bqsftp.contract.RunStatus;
import io.bqsftp.support.CsvFiles;
import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads that fail on a real (embedded MINA) SFTP server mid-run: parts are resent from the
 * spool, or staged when they still cannot land; the run ends failed with landed and staged files;
 * {@code retry} after the server is fixed lands everything from staging (no BigQuery) and the
 * ledger, the staging area and the server agree afterwards.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailureRecoveryTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);
  static final String EXPORT = "all";

  @TempDir Path dir;
  LocalStack stack;
  ExportEngine engine;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close(); // with the engines it started
    }
  }

  /** A split, uncompressed export (several parts), two attempts per part with short backoff. */
  ServiceConfig config() {
    JsonObject json = stack.configJson(Map.of(EXPORT,
        LocalStack.fullExport().put("compress", false).put("max_file_bytes", 1_000_000)));
    json.getJsonObject("sftp").put("upload_attempts", 2).put("retry_initial_backoff_ms", 10)
        .put("retry_max_backoff_ms", 20);
    return ConfigLoader.fromJson(json, Map.of());
  }

  ExportResult runExport(ServiceConfig config) throws Exception {
    engine = stack.engine(config);
    return engine.run(RunPlan.of(config.export(EXPORT).orElseThrow(), DATE), RunProgress.NONE);
  }

  FileLedger ledger() {
    return new FileLedger(stack.dir.resolve("ledger/exports.jsonl"));
  }

  private boolean aPartIsSealed() {
    try {
      return ledger().read().files().stream().anyMatch(f -> f.status() == FileState.SEALED);
    } catch (java.io.IOException notYetWritten) {
      return false;
    }
  }

  List<Path> finalFiles() throws Exception {
    try (Stream<Path> files = stack.files()) {
      return files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
  }

  List<Path> stagedFiles() throws Exception {
    Path staging = stack.dir.resolve("staging");
    if (!Files.exists(staging)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(staging)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aDroppedConnectionIsResentFromTheSpoolWithinTheRun() throws Exception {
    stack = LocalStack.start(dir, 8_000);
    stack.sftp.dropSessionsAfterBytes(300_000);
    ExportResult result = runExport(config());

    assertThat(stack.sftp.sessionDrops()).isEqualTo(1);
    assertThat(result.succeeded()).as(result.toJson().encodePrettily()).isTrue();
    assertThat(result.staged()).isEmpty();
    long rows = 0;
    for (var receipt : result.files()) {
      Path file = stack.root.resolve("outbound").resolve(receipt.name());
      assertThat(sha256(file)).isEqualTo(receipt.sha256());
      rows += CsvFiles.records(CsvFiles.text(file), ',').size() - 1;
    }
    assertThat(rows).isEqualTo(8_000);
    var run = ledger().latestRun(EXPORT, DATE).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(ledger().files(run.runId())).allSatisfy(f -> assertThat(f.status()).isEqualTo(FileState.LANDED));
    assertThat(stagedFiles()).isEmpty();
    assertThat(spoolFiles()).isEmpty();
  }

  @Test
  void serverStoppedMidRunStagesTheRestAndRetryLandsThem() throws Exception {
    stack = LocalStack.start(dir, 30_000);
    ServiceConfig config = config();
    int port = stack.sftp.port();
    // Stop the server once the history has a part sealed on it. A byte count was not enough: parts
    // upload in parallel, so 2.3 MB written could all belong to parts not sealed yet.
    Thread killer = new Thread(() -> {
      while (!aPartIsSealed()) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
      stack.sftp.stop();
    });
    killer.start();
    ExportResult result = runExport(config);
    killer.join(60_000);
    assertThat(killer.isAlive()).as("the server was stopped once a part was sealed").isFalse();

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failure().orElseThrow().message()).contains("staged for retry");
    // Nothing of the run is visible: the parts sealed before the server stopped wait on the server,
    // the others in the staging folder.
    assertThat(result.files()).isEmpty();
    assertThat(finalFiles()).isEmpty();
    assertThat(result.staged()).isNotEmpty().allSatisfy(f -> assertThat(f.stagedUri()).isPresent());
    assertThat(result.staged()).anySatisfy(f -> assertThat(f.stagedUri().orElseThrow()).startsWith("sftp://"));
    assertThat(result.toJson().getJsonArray("staged")).hasSize(result.staged().size());
    long sealed = result.staged().stream().filter(f -> f.stagedUri().orElseThrow().startsWith("sftp://")).count();
    assertThat(stagedFiles()).hasSize(result.staged().size() - (int) sealed);
    var failedRun = ledger().latestRun(EXPORT, DATE).orElseThrow();
    assertThat(failedRun.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failedRun.fileCount()).contains(result.staged().size());

    // Fix the server (same port and host key) and retry from staging.
    stack.sftp.port(port).start(stack.root, "partner", LocalStack.PASSWORD);
    List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    RetryReport report = new RunRetry(engine.recovery(), Clock.systemUTC(),
        (ready, total, bytes) -> progress.add(ready + "/" + total)).retry(EXPORT, DATE);
    int parts = result.staged().size();
    assertThat(progress).hasSize(parts).last().isEqualTo(parts + "/" + parts);

    assertThat(report.succeeded()).as(report.toJson().encodePrettily()).isTrue();
    assertThat(report.files()).hasSize(result.staged().size()).allSatisfy(f -> assertThat(f.result()).isEqualTo("landed"));
    assertAgreement(config, result.staged().size(), 30_000);
  }

  @Test
  void refusedRenamesNeverLeaveAFinalNameAndRetryLandsEverything() throws Exception {
    stack = LocalStack.start(dir, 8_000);
    ServiceConfig config = config();
    stack.sftp.refuseRenames(true);
    ExportResult result = runExport(config);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.files()).isEmpty();
    assertThat(result.staged()).hasSizeGreaterThan(1);
    // Every part was uploaded and sealed; the commit could not start, so nothing is visible and the
    // sealed parts wait on the server for retry.
    assertThat(result.failure().orElseThrow().message()).contains("cannot commit");
    assertThat(result.staged()).allSatisfy(f -> assertThat(f.stagedUri().orElseThrow()).startsWith("sftp://"));
    assertThat(finalFiles()).isEmpty();
    assertThat(stagedFiles()).isEmpty();

    RetryReport refusedAgain = new RunRetry(engine.recovery(), Clock.systemUTC()).retry(EXPORT, DATE);
    assertThat(refusedAgain.succeeded()).isFalse();
    assertThat(refusedAgain.message()).contains("commit failed");
    assertThat(finalFiles()).isEmpty();

    stack.sftp.refuseRenames(false);
    // While another replica holds the export and date (a live lock), retry uploads nothing.
    Path lock = stack.root.resolve("outbound").resolve(io.bqsftp.delivery.RunLock.filePrefix(EXPORT, DATE) + "1");
    Files.writeString(lock, new io.vertx.core.json.JsonObject().put("token", "elsewhere").put("run_id", "elsewhere")
        .put("heartbeat_at", java.time.Instant.now().toString()).encode());
    RetryReport held = new RunRetry(engine.recovery(), Clock.systemUTC()).retry(EXPORT, DATE);
    assertThat(held.outcome()).isEqualTo(RetryReport.Outcome.NOT_FINISHED);
    assertThat(held.message()).contains("being written by another run");
    assertThat(finalFiles()).isEmpty();
    Files.delete(lock);

    RetryReport report = new RunRetry(engine.recovery(), Clock.systemUTC()).retry(EXPORT, DATE);
    assertThat(report.succeeded()).isTrue();
    assertThat(lock).doesNotExist();
    assertAgreement(config, result.staged().size(), 8_000);

    // A second retry of the now succeeded run changes nothing and says so.
    long lines = Files.readAllLines(stack.dir.resolve("ledger/exports.jsonl")).size();
    RetryReport again = new RunRetry(engine.recovery(), Clock.systemUTC()).retry(EXPORT, DATE);
    assertThat(again.outcome()).isEqualTo(RetryReport.Outcome.NOTHING_TO_DO);
    assertThat(again.message()).contains("already succeeded");
    assertThat(Files.readAllLines(stack.dir.resolve("ledger/exports.jsonl"))).hasSize((int) lines);
  }

  @Test
  void refusedWritesStageThePartsAndRetryLandsThemOnceWritesWork() throws Exception {
    stack = LocalStack.start(dir, 8_000);
    ServiceConfig config = config();
    stack.sftp.refuseWrites(true);
    ExportResult result = runExport(config);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.files()).isEmpty();
    assertThat(result.staged()).isNotEmpty();
    assertThat(finalFiles()).isEmpty();

    stack.sftp.refuseWrites(false);
    RetryReport report = new RunRetry(engine.recovery(), Clock.systemUTC()).retry(EXPORT, DATE);
    assertThat(report.succeeded()).isTrue();
    assertAgreement(config, result.staged().size(), 8_000);
  }

  @Test
  void aStagedCopyThatDoesNotMatchTheLedgerIsNotDelivered() throws Exception {
    stack = LocalStack.start(dir, 3_000);
    ServiceConfig config = config();
    stack.sftp.refuseWrites(true);
    ExportResult result = runExport(config);
    stack.sftp.refuseWrites(false);
    Path staged = stagedFiles().get(0);
    Files.writeString(staged, "tampered", java.nio.file.StandardOpenOption.APPEND);

    RetryReport report = new RunRetry(engine.recovery(), Clock.systemUTC()).retry(EXPORT, DATE);
    assertThat(report.succeeded()).isFalse();
    assertThat(report.files()).anySatisfy(f -> {
      assertThat(f.result()).isEqualTo("failed");
      assertThat(f.error().orElseThrow()).contains("does not match the ledger");
    });
    assertThat(finalFiles()).extracting(p -> p.getFileName().toString())
        .doesNotContain(staged.getFileName().toString());
    assertThat(result.staged()).isNotEmpty();
  }

  @Test
  void partsAreStagedInGcsWhenABucketIsConfiguredAndRetryReadsThemBack() throws Exception {
    stack = LocalStack.start(dir, 8_000);
    ServiceConfig config = config();
    var storage = com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper.getOptions().getService();
    var gcs = new io.bqsftp.staging.GcsStaging(storage, "export-bucket");
    engine = stack.engine(config, gcs);
    stack.sftp.refuseWrites(true);
    ExportResult result = engine.run(RunPlan.of(config.export(EXPORT).orElseThrow(), DATE), RunProgress.NONE);

    assertThat(result.staged()).isNotEmpty().allSatisfy(f ->
        assertThat(f.stagedUri().orElseThrow()).isEqualTo("gs://export-bucket/all/20240630/" + f.name()));
    assertThat(storage.list("export-bucket").iterateAll()).hasSize(result.staged().size());
    assertThat(stagedFiles()).isEmpty(); // nothing in the local staging folder

    stack.sftp.refuseWrites(false);
    RetryReport report = new RunRetry(engine.recovery(), Clock.systemUTC()).retry(EXPORT, DATE);
    assertThat(report.succeeded()).isTrue();
    assertThat(storage.list("export-bucket").iterateAll()).isEmpty();
    assertAgreement(config, result.staged().size(), 8_000);
  }

  /** Ledger, staging and server agree: every recorded file landed with its size and hash, nothing staged. */
  private void assertAgreement(ServiceConfig config, int files, long rows) throws Exception {
    var ledger = ledger();
    var run = ledger.latestRun(EXPORT, DATE).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.event()).isEqualTo("retried");
    assertThat(run.rowsExported()).isEqualTo(rows);
    List<FileRecord> recorded = ledger.files(run.runId());
    assertThat(recorded).hasSize(files).allSatisfy(f -> assertThat(f.status()).isEqualTo(FileState.LANDED));
    for (FileRecord f : recorded) {
      Path file = stack.root.resolve("outbound").resolve(f.fileName());
      assertThat(Files.size(file)).isEqualTo(f.bytes());
      assertThat(sha256(file)).isEqualTo(f.sha256());
    }
    assertThat(stagedFiles()).isEmpty();
    assertThat(finalFiles()).hasSize(files);
    long csvRows = 0;
    for (Path p : finalFiles()) {
      csvRows += CsvFiles.records(CsvFiles.text(p), ',').size() - 1;
    }
    assertThat(csvRows).isEqualTo(rows);
    CheckReport check = new RunCheck(engine.recovery()).check(EXPORT, DATE);
    assertThat(check.ok()).as(check.toText()).isTrue();
    assertThat(check.present()).hasSize(files);
  }

  private List<Path> spoolFiles() throws Exception {
    Path spool = stack.dir.resolve("spool");
    if (!Files.exists(spool)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files.toList();
    }
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

}
