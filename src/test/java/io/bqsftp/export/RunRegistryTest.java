package io.bqsftp.export;

import io.bqsftp.contract.ExportResult;
import io.bqsftp.contract.TrackedRun;
import io.bqsftp.contract.RunStatus;
import io.bqsftp.contract.FileReceipt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finished runs are forgotten by age and by count; running ones never are. */
class RunRegistryTest {
  static final LocalDate DATE = LocalDate.of(2025, 3, 17);

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2025-03-17T06:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static ExportResult result(TrackedRun run, Instant end) {
    return new ExportResult(run.runId(), run.exportName(), run.date(), RunStatus.SUCCEEDED, 5,
        List.of(new FileReceipt("f.csv.gz", "/out/f.csv.gz", 5, 10, 50, "00")), run.startedAt(), end, Optional.empty(),
        List.of(), Optional.empty());
  }

  @Test
  void keepsAtMostMaxFinishedRunsOldestForgottenFirst() {
    TestClock clock = new TestClock();
    RunRegistry registry = new RunRegistry(2, Duration.ofHours(1), clock);
    TrackedRun running = new TrackedRun("running", "e", DATE, clock.now);
    registry.add(running);
    for (String id : List.of("a", "b", "c")) {
      TrackedRun run = new TrackedRun(id, "e", DATE, clock.now);
      registry.add(run);
      registry.finished(run, result(run, clock.now));
    }
    assertThat(registry.get("a")).isEmpty();
    assertThat(registry.get("b")).isPresent();
    assertThat(registry.get("c")).isPresent();
    assertThat(registry.get("running")).isPresent();
  }

  @Test
  void forgetsFinishedRunsAfterTheRetention() {
    TestClock clock = new TestClock();
    RunRegistry registry = new RunRegistry(100, Duration.ofMinutes(10), clock);
    TrackedRun run = new TrackedRun("r", "e", DATE, clock.now);
    registry.add(run);
    registry.finished(run, result(run, clock.now));

    clock.now = clock.now.plus(Duration.ofMinutes(9));
    assertThat(registry.get("r")).isPresent();
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    assertThat(registry.get("r")).isEmpty();
  }

  @Test
  void recordShowsProgressThenTheResult() {
    TestClock clock = new TestClock();
    RunRegistry registry = new RunRegistry(10, Duration.ofMinutes(10), clock);
    TrackedRun run = new TrackedRun("r", "e", DATE, clock.now);
    registry.add(run);
    run.addProgress(3, 30);

    assertThat(run.toJson().getString("status")).isEqualTo("running");
    assertThat(run.toJson().getJsonObject("progress").getLong("rows")).isEqualTo(3);
    assertThat(run.toJson().containsKey("result")).isFalse();

    registry.finished(run, result(run, clock.now.plusSeconds(5)));
    assertThat(run.toJson().getString("status")).isEqualTo("succeeded");
    assertThat(run.toJson().getJsonObject("progress").getInteger("files_landed")).isEqualTo(1);
    assertThat(run.toJson().getLong("duration_ms")).isEqualTo(5000);
  }
}
