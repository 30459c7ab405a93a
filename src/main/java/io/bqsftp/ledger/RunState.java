package io.bqsftp.ledger;

/** A run's status as the ledger records it (the seed's {@code status} column). */
public enum RunState {
  RUNNING, SUCCEEDED, FAILED;

  public String text() {
    return name().toLowerCase();
  }

  public static RunState parse(String text) {
    return valueOf(text.toUpperCase());
  }
}
