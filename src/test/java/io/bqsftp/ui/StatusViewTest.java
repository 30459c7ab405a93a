package io.bqsftp.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ExportType;
import io.bqsftp.ledger.ExportHistory;
import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import io.bqsftp.ledger.LedgerEntry;
import io.bqsftp.contract.RunStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Everything the page shows from outside is escaped: no value can add markup or script. */
class StatusViewTest {
  static final String EVIL = "<script>alert('x')</script>\"&";
  static final Instant T0 = Instant.parse("2025-03-17T06:00:00Z");

  @Test
  void valuesFromConfigLedgerAndErrorsAreEscaped() {
    var export = new ExportConfig("sales", "p.d.t" + EVIL, true, ExportType.FULL, Optional.empty(), 0, ',', true,
        1_000_000, ExportConfig.DEFAULT_FILE_NAME_TEMPLATE, "", 6, Optional.empty(), Optional.empty());
    var run = new LedgerEntry("sales-20250317-1" + EVIL, "sales", LocalDate.of(2025, 3, 17), "p.d.t", "sftp://h/d",
        RunStatus.FAILED, 12, T0, Optional.of(T0.plusSeconds(5)), Optional.of("refused: " + EVIL), Optional.of(1),
        LedgerEntry.FINISHED, T0.plusSeconds(5));
    var file = new FileRecord(run.runId(), "sales", run.runDate(), "f" + EVIL + ".csv.gz", 12, 1234, "ab".repeat(32),
        FileState.STAGED, Optional.of("staging/" + EVIL), Optional.of(EVIL), T0.plusSeconds(4));
    var history = new ExportHistory("sales", List.of(run), Map.of(run.runId(), List.of(file)));
    var model = new StatusModel(T0, true, List.of(new StatusModel.ExportRow(export, Optional.of(history))), List.of(),
        List.of(new StatusModel.LedgerRun(run, List.of(file))), List.of(new StatusModel.LedgerRun(run, List.of(file))),
        Optional.of(EVIL));

    String html = StatusView.page(model);

    assertThat(html).doesNotContain("<script>alert").doesNotContain("'x'").doesNotContain(EVIL);
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;");
    // The only script is the page's own, from the same origin.
    assertThat(html.split("<script", -1)).hasSize(2);
    assertThat(html).contains("<script src=\"/ui/assets/status.js\"></script>");
    assertThat(html).contains("1,234").contains("ab".repeat(32)).contains("Sign out");
    assertThat(StatusView.login(Optional.of(EVIL))).doesNotContain(EVIL).contains("&lt;script&gt;");
  }
}
