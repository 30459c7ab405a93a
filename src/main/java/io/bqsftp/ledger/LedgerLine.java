package io.bqsftp.ledger;

import io.vertx.core.json.JsonObject;

/**
 * One line of a JSON-lines history (the local ledger file and the journal): a run or file event,
 * tagged with its kind under {@code record}.
 */
final class LedgerLine {
  static final String KIND = "record";
  static final String RUN = "run";
  static final String FILE = "file";

  private LedgerLine() {}

  static JsonObject of(LedgerEntry run) {
    return run.toJson().put(KIND, RUN);
  }

  static JsonObject of(FileRecord file) {
    return file.toJson().put(KIND, FILE);
  }

  /** The line's kind ({@link #RUN}, {@link #FILE}, or something this version does not know). */
  static String kind(JsonObject line) {
    return String.valueOf(line.getString(KIND));
  }
}
