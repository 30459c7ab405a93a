package io.bqsftp.cli;

import io.bqsftp.config.ServiceConfig;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Argument and config handling shared by {@code retry} and {@code verify}. */
final class RecoveryCli {
  private RecoveryCli() {}

  /** The parsed date, or null after printing why it is bad. */
  static LocalDate date(String text, PrintWriter err) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      err.println("date: must be YYYY-MM-DD, got \"" + text + "\"");
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
