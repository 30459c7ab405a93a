package io.bqsftp.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.contract.RunFailure;
import io.bqsftp.delivery.RunLock;
import io.bqsftp.delivery.RunPlan;
import io.bqsftp.delivery.RunProgress;
import io.bqsftp.support.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify and retry look at the run that held the lock: an attempt that met another run's lock
 * (409, started later) is not "the" run of its export and date, even though it is the latest.
 */
class LockHolderHistoryTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);

  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aConflictingAttemptAfterTheRunDoesNotHideIt() throws Exception {
    stack = LocalStack.start(dir, 400);
    ServiceConfig config = ConfigLoader.fromJson(stack.configJson(Map.of("all", LocalStack.fullExport())), Map.of());
    ExportEngine engine = stack.engine(config);
    ExportResult written = engine.run(RunPlan.of(config.export("all").orElseThrow(), DATE), RunProgress.NONE);
    assertThat(written.succeeded()).isTrue();

    // Another replica holds the lock now; this attempt fails with a conflict.
    Path lock = stack.root.resolve("outbound").resolve(RunLock.filePrefix("all", DATE) + "1");
    Files.writeString(lock, "another replica");
    ExportResult conflict = engine.run(RunPlan.of(config.export("all").orElseThrow(), DATE), RunProgress.NONE);
    assertThat(conflict.failure()).hasValueSatisfying(f -> assertThat(f.stage()).isEqualTo(RunFailure.Stage.CONFLICT));
    Files.delete(lock);

    CheckReport check = new RunCheck(engine.recovery()).check("all", DATE);
    assertThat(check.toJson().getString("run_id")).isEqualTo(written.runId());
    assertThat(check.ok()).as(check.toText()).isTrue();
    RetryReport retry = new RunRetry(engine.recovery(), Clock.systemUTC()).retry("all", DATE);
    assertThat(retry.runId()).contains(written.runId());
    assertThat(retry.outcome()).isEqualTo(RetryReport.Outcome.NOTHING_TO_DO);
  }
}
