package io.bqsftp.contract;

/**
 * BigQuery refused a read session because of something the export's configuration asked for (a
 * column that does not exist, a row filter that does not parse): the user's to fix, so the run
 * fails as a bad request naming the key, never as an upstream outage.
 */
public final class SettingRejectedException extends RuntimeException implements RunFailure.Classified {
  private final String key;

  /** {@code key}: the full path of the setting, e.g. {@code exports.sales.row_filter}. */
  public SettingRejectedException(String key, String message, Throwable cause) {
    super(key + ": " + message, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }

  @Override
  public RunFailure.Stage stage() {
    return RunFailure.Stage.CONFIG;
  }
}
