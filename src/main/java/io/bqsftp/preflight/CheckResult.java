package io.bqsftp.preflight;

/**
 * One row of the preflight report.
 *
 * @param export the export's name, or {@code *} for what the whole service shares
 * @param step what was tried: {@code config}, {@code sftp.host_key}, {@code sftp.login}, {@code sftp.write},
 *     {@code bigquery.read}, {@code history}, {@code pubsub}
 * @param detail what was found, or why it failed (never a secret)
 */
public record CheckResult(String export, String step, Status status, String detail) {
  public static final String SERVICE = "*";

  public enum Status {
    OK("ok"), FAILED("FAILED"), SKIPPED("skipped");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  static CheckResult ok(String export, String step, String detail) {
    return new CheckResult(export, step, Status.OK, detail);
  }

  static CheckResult failed(String export, String step, String detail) {
    return new CheckResult(export, step, Status.FAILED, detail);
  }

  static CheckResult skipped(String export, String step, String detail) {
    return new CheckResult(export, step, Status.SKIPPED, detail);
  }

  public boolean failed() {
    return status == Status.FAILED;
  }
}
