package io.bqsftp.delivery;

import io.bqsftp.bigquery.DateWindow;
import io.bqsftp.config.ExportConfig;
import io.bqsftp.config.ExportType;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * What one run will do: which export, for which run date, which rows (the date window of a
 * date_range export) and under which run id; and which requests it serves ({@link RunTriggers}).
 */
public record RunPlan(
    String runId, ExportConfig export, LocalDate runDate, Optional<DateWindow> window, RunTriggers triggers) {

  public RunPlan(String runId, ExportConfig export, LocalDate runDate, Optional<DateWindow> window) {
    this(runId, export, runDate, window, new RunTriggers());
  }

  public static RunPlan of(ExportConfig export, LocalDate runDate) {
    Optional<DateWindow> window =
        export.exportType() == ExportType.DATE_RANGE
            ? Optional.of(DateWindow.lookback(runDate, export.daysLookback()))
            : Optional.empty();
    String runId = export.name() + "-" + runDate.toString().replace("-", "") + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    return new RunPlan(runId, export, runDate, window);
  }

  /** Runs are identified by export and run date: a second request for the same key joins the first. */
  public String key() {
    return key(export.name(), runDate);
  }

  public static String key(String exportName, LocalDate runDate) {
    return exportName + "/" + runDate;
  }
}
