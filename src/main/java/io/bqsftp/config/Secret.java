package io.bqsftp.config;

/** A secret value that never shows itself in logs, toString or JSON. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = value;
  }

  /** The real value: call only where the secret is handed to the library that needs it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "******";
  }
}
