package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The progress line's text at fixed times: rates and ETA count from the first sample. */
class ProgressLineTest {
  private static final long START = 5_000_000_000L;
  private final ProgressLine line = new ProgressLine("product_data 2025-03-17", START);

  private static long at(double seconds) {
    return START + (long) (seconds * 1e9);
  }

  @Test
  void firstSampleHasNoRateThenRateAndEtaCountFromIt() {
    // 4 s of setup (session, lock) before the first rows: not part of the rate.
    assertThat(line.render(10_000, 1_000_000, 0, OptionalLong.of(1_000_000), at(4)))
        .isEqualTo("product_data 2025-03-17: 10,000 of ~1,000,000 rows (1%), 1.0 MB CSV, 0 parts landed, 0:00:04 elapsed");
    assertThat(line.render(250_000, 61_000_000, 0, OptionalLong.of(1_000_000), at(14)))
        .isEqualTo("product_data 2025-03-17: 250,000 of ~1,000,000 rows (25%), 61.0 MB CSV, 6.0 MB/s,"
            + " 0 parts landed, 0:00:14 elapsed, ETA 0:00:31");
  }

  @Test
  void withoutAnEstimateThereIsNoEta() {
    line.render(0, 0, 0, OptionalLong.empty(), at(5));
    assertThat(line.render(1_234_567, 2_500_000_000L, 1, OptionalLong.empty(), at(3725)))
        .isEqualTo("product_data 2025-03-17: 1,234,567 rows, 2500.0 MB CSV, 0.7 MB/s, 1 part landed, 1:02:05 elapsed");
  }

  @Test
  void rowsBeyondTheEstimateStopAtOneHundredPercentAndNoTimeLeft() {
    line.render(0, 0, 0, OptionalLong.of(1_000), at(0));
    assertThat(line.render(1_100, 1_000_000, 2, OptionalLong.of(1_000), at(2)))
        .endsWith("1,100 of ~1,000 rows (100%), 1.0 MB CSV, 0.5 MB/s, 2 parts landed, 0:00:02 elapsed, ETA 0:00:00");
  }

  @Test
  void durationsPrintAsHoursMinutesSeconds() {
    assertThat(ProgressLine.duration(0)).isEqualTo("0:00:00");
    assertThat(ProgressLine.duration(3_725)).isEqualTo("1:02:05");
    assertThat(ProgressLine.duration(36_000)).isEqualTo("10:00:00");
  }
}
