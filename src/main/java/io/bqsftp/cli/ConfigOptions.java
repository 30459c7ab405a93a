package io.bqsftp.cli;

import io.bqsftp.config.ConfigException;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.ServiceConfig;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config} option and config loading shared by the commands that need a config. */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (default: $CONFIG_PATH, else conf/config.json).")
  Path config;

  /**
   * Loads and validates the config; on problems prints one line per problem to {@code err} and
   * returns empty (never a stack trace).
   */
  public Optional<ServiceConfig> load(Vertx vertx, PrintWriter err) throws Exception {
    try {
      return Optional.of(
          ServiceRuntime.await(
              ConfigLoader.load(vertx, Optional.ofNullable(config), System.getenv()), Duration.ofSeconds(30)));
    } catch (ConfigException e) {
      err.println("invalid configuration:");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return Optional.empty();
    }
  }
}
