package io.bqsftp.contract;

/** The outcome of a run: succeeded only when every file landed under its final name. */
public enum RunStatus {
  RUNNING("running"),
  SUCCEEDED("succeeded"),
  FAILED("failed");

  private final String text;

  RunStatus(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** The status named by {@link #text()} (as the ledger stores it). */
  public static RunStatus parse(String text) {
    return valueOf(text.toUpperCase(java.util.Locale.ROOT));
  }
}
