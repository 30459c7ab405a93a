package io.bqsftp.ops;

/**
 * What readiness depends on, flipped by the service: configuration validity (set once at start,
 * again on reload) and draining (set when shutdown begins, never cleared). Thread-safe.
 */
public final class ReadinessState {

  private volatile boolean configValid;
  private volatile boolean draining;

  /** Starts not ready: the service marks the config valid once it has loaded and checked it. */
  public ReadinessState() {}

  public void markConfigValid() {
    configValid = true;
  }

  /** Shutdown has begun: stop receiving new work, let running exports finish. */
  public void startDraining() {
    draining = true;
  }

  public boolean configValid() {
    return configValid;
  }

  public boolean draining() {
    return draining;
  }

  public boolean ready() {
    return configValid && !draining;
  }
}
