package io.bqsftp.cli;

import io.bqsftp.config.ServiceConfig;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.contract.RequestException;
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
   * Bad input (date, config, export) prints one line and exits 2; any other failure (the ledger,
   * staging or SFTP server unreachable, a missing table) prints one line naming the cause, never a
   * stack trace, and exits 1.
   */
  static int run(String command, ConfigOptions options, String dateText, PrintWriter err, Action action) throws Exception {
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(command + ": interrupted");
      return 1;
    } catch (Exception e) {
      err.println(command + ": " + oneLine(e));
      return 1;
    }
  }

  /**
   * The exception's message, plus its root cause's when that adds something (e.g. "Connection
   * refused" under a gRPC UNAVAILABLE), on one line.
   */
  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String rootMessage = root.getMessage();
    if (root != e && rootMessage != null && !message.contains(rootMessage)) {
      message = message + " (" + rootMessage + ")";
    }
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
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
