package io.bqsftp.cli;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.export.ExportRequest;
import io.bqsftp.export.RequestException;
import io.bqsftp.recovery.RecoveryServices;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Optional;

/** Argument and config handling shared by {@code retry} and {@code verify}. */
final class RecoveryCli {
  private RecoveryCli() {}

  /** What {@code retry} or {@code verify} does once its inputs are valid; returns the exit code. */
  @FunctionalInterface
  interface Action {
    int run(RecoveryServices services, LocalDate runDate) throws Exception;
  }

  /**
   * Parses the date, loads the config and starts the recovery services, then runs the action.
   * Bad input (date, config, export) prints one line and exits 2.
   */
  static int run(ConfigOptions options, String dateText, PrintWriter err, Action action) throws Exception {
    LocalDate runDate = date(dateText, err);
    Optional<ServiceConfig> config = runDate == null ? Optional.empty() : config(options, err);
    if (config.isEmpty()) {
      return 2;
    }
    try (RecoveryServices services = RecoveryServices.start(config.get())) {
      return action.run(services, runDate);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
  }

  /** The parsed date (the same forms a trigger accepts), or null after printing why it is bad. */
  static LocalDate date(String text, PrintWriter err) {
    try {
      return ExportRequest.parseDate(text);
    } catch (RequestException e) {
      err.println(e.getMessage());
      return null;
    }
  }

  /** Loads the config with a short-lived Vert.x (vertx-config needs one). */
  static Optional<ServiceConfig> config(ConfigOptions options, PrintWriter err) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      return options.load(vertx, err);
    } finally {
      ServiceRuntime.await(vertx.close(), java.time.Duration.ofSeconds(30));
    }
  }
}
