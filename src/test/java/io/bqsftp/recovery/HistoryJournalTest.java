package io.bqsftp.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.ledger.JournaledLedger;
import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import io.bqsftp.delivery.RunLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History that survives, with the seed's config (a metadata table set) against the local BigQuery
 * server, which serves the Read API but not the Write API: the run's history is journaled locally,
 * the result says that it is only journaled, and verify and retry still know the run.
 */
class HistoryJournalTest {
  static final LocalDate DATE = LocalDate.of(2025, 3, 17);

  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aLedgerThatCannotBeWrittenLeavesTheHistoryJournaledAndSaysSo() throws Exception {
    stack = LocalStack.start(dir, 500);
    Path journal = dir.resolve("journal/history.jsonl");
    JsonObject json = stack.configJson(Map.of("product_data", LocalStack.fullExport()))
        .put("metadata", new JsonObject().put("export_metadata_table", "demo-project.demo_dataset.export_metadata"))
        .put("ledger_journal_file", journal.toString());
    ServiceConfig config = ConfigLoader.fromJson(json, Map.of());
    ExportEngine engine = stack.engine(config);

    ExportResult result = engine.run(RunPlan.of(config.export("product_data").orElseThrow(), DATE), RunProgress.NONE);

    // The files landed; the history is not lost, and the result says where it is.
    assertThat(result.succeeded()).isTrue();
    assertThat(result.ledgerError()).hasValueSatisfying(e -> assertThat(e)
        .contains("only journaled locally").contains(journal.toString())
        .contains("BigQuery table demo-project.demo_dataset.export_metadata"));
    assertThat(result.toJson().getString("ledger_error")).contains("only journaled locally");
    assertThat(Files.readString(journal)).contains(result.runId()).contains("\"event\":\"finished\"");
    assertThat(((JournaledLedger) engine.recovery().ledger()).hasUndelivered()).isTrue();

    // verify and retry read the journal when the table cannot be read.
    CheckReport check = new RunCheck(engine.recovery()).check("product_data", DATE);
    assertThat(check.ok()).as(check.toText()).isTrue();
    assertThat(check.toJson().getString("run_id")).isEqualTo(result.runId());
    assertThat(check.toText()).contains("only journaled locally");
    RetryReport retry = new RunRetry(engine.recovery(), Clock.systemUTC()).retry("product_data", DATE);
    assertThat(retry.outcome()).isEqualTo(RetryReport.Outcome.NOTHING_TO_DO);
  }

  @Test
  void verifyReconcilesARunWhoseFilesLandedButWhoseEndWasNeverRecorded() throws Exception {
    stack = LocalStack.start(dir, 500);
    ServiceConfig config = ConfigLoader.fromJson(stack.configJson(Map.of("product_data", LocalStack.fullExport())),
        Map.of());
    ExportEngine engine = stack.engine(config);
    ExportResult result = engine.run(RunPlan.of(config.export("product_data").orElseThrow(), DATE), RunProgress.NONE);
    assertThat(result.succeeded()).isTrue();
    // The process died after the last rename, before its end reached the history: drop that event.
    Path ledgerFile = Path.of(config.ledgerFile());
    List<String> lines = Files.readAllLines(ledgerFile);
    Files.write(ledgerFile, lines.stream().filter(l -> !l.contains("\"event\":\"finished\"")).toList());

    assertThat(new RunCheck(engine.recovery()).check("product_data", DATE).ok()).isFalse();
    // While a live lock says the run may still be going, nothing is decided.
    Path lock = stack.root.resolve("outbound").resolve(RunLock.filePrefix("product_data", DATE) + "1");
    Files.writeString(lock, "running");
    var reconcile = new RunReconcile(engine.recovery(), Clock.systemUTC());
    assertThat(reconcile.reconcile("product_data", DATE).runStatus()).isEqualTo("running");
    Files.delete(lock);

    CheckReport reconciled = reconcile.reconcile("product_data", DATE);
    assertThat(reconciled.ok()).as(reconciled.toText()).isTrue();
    assertThat(reconciled.runId()).contains(result.runId());
    assertThat(Files.readString(ledgerFile)).contains("\"event\":\"reconciled\"");
    assertThat(engine.recovery().ledger().latestRun("product_data", DATE).orElseThrow().rowsExported()).isEqualTo(500);
  }
}
