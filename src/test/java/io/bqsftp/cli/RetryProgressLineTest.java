package io.bqsftp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryProgressLineTest {
  @Test
  void redrawsOneLineAndEndsItBeforeTheReport() {
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicLong now = new AtomicLong(5_000_000_000L);
    var line = new RetryProgressLine("retry all 2024-06-30", out, now::get);

    now.addAndGet(3_000_000_000L);
    line.filesReady(1, 4, 2_500_000);
    now.addAndGet(62_000_000_000L);
    line.filesReady(4, 4, 10_000_000);
    line.finish();
    line.finish(); // once only

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "\rretry all 2024-06-30: 1 of 4 file(s) ready, 2.5 MB, " + ProgressLine.duration(3) + " elapsed\u001B[K"
            + "\rretry all 2024-06-30: 4 of 4 file(s) ready, 10.0 MB, " + ProgressLine.duration(65) + " elapsed\u001B[K"
            + System.lineSeparator());
  }
}
