package io.bqsftp.config;

/** A secret value that never shows itself in logs, toString or JSON. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = java.util.Objects.requireNonNull(value, "value");
  }

  /** The real value: call only where the secret is handed to the library that needs it. */
  public String reveal() {
    return value;
  }

  /** By value, so configs holding secrets compare equal in tests. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "******";
  }
}
