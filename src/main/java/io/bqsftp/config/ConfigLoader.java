package io.bqsftp.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration: the JSON file (via vertx-config's file store), then environment
 * overrides, then validation.
 *
 * <p>The file is {@code --config}, else {@code CONFIG_PATH}, else {@code conf/config.json} in the
 * working directory. A named file must exist; the default one may be absent when the environment
 * supplies what is required (the seed's env-only deployments).
 *
 * <p>Environment overrides are applied here rather than with vertx-config's {@code env} store: that
 * store reads {@code System.getenv()} (tests pass a map) and would lose which variable a bad value
 * came from.
 */
public final class ConfigLoader {
  public static final String CONFIG_PATH_ENV = "CONFIG_PATH";
  public static final Path DEFAULT_CONFIG_FILE = Path.of("conf", "config.json");

  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

  private ConfigLoader() {}

  /** Which file to read and why (the origin goes into error messages). */
  record Source(Path file, String origin, boolean mustExist) {}

  public static Future<ServiceConfig> load(Vertx vertx, Optional<Path> explicitPath,
      Map<String, String> env) {
    return load(vertx, explicitPath, env, Path.of(""));
  }

  /** {@code workingDir} resolves relative paths; tests use a temporary one. */
  static Future<ServiceConfig> load(Vertx vertx, Optional<Path> explicitPath,
      Map<String, String> env, Path workingDir) {
    Source source = resolve(explicitPath, env, workingDir);
    String file = source.file().toString();
    return vertx.fileSystem().exists(file)
        .compose(exists -> {
          if (exists) {
            return readJson(vertx, source);
          }
          if (source.mustExist()) {
            return Future.failedFuture(new ConfigException(
                "config file " + file + " (from " + source.origin() + ") does not exist"));
          }
          return Future.succeededFuture((JsonObject) null);
        })
        // *_FILE secrets and key files are read from disk: keep that off the event loop.
        .compose(json -> vertx.executeBlocking(() -> parse(json, env, source)))
        .onSuccess(ConfigLoader::warn);
  }

  /** Builds and validates a configuration from JSON already in memory (tests, demo). */
  public static ServiceConfig fromJson(JsonObject json, Map<String, String> env) {
    return ConfigParser.parse(json, env);
  }

  static Source resolve(Optional<Path> explicitPath, Map<String, String> env, Path workingDir) {
    if (explicitPath.isPresent()) {
      return new Source(absolute(workingDir, explicitPath.get()), "--config", true);
    }
    String fromEnv = env.get(CONFIG_PATH_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Source(absolute(workingDir, Path.of(fromEnv.strip())), CONFIG_PATH_ENV, true);
    }
    return new Source(absolute(workingDir, DEFAULT_CONFIG_FILE), "default location", false);
  }

  // Absolute, so Vert.x never falls back to a classpath resource of the same name.
  private static Path absolute(Path workingDir, Path file) {
    return workingDir.toAbsolutePath().resolve(file).normalize();
  }

  private static Future<JsonObject> readJson(Vertx vertx, Source source) {
    var store = new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", source.file().toString()));
    var retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setIncludeDefaultStores(false).setScanPeriod(0).addStore(store));
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(e -> Future.failedFuture(unreadable(source, e)));
  }

  private static ServiceConfig parse(JsonObject json, Map<String, String> env, Source source) {
    try {
      return ConfigParser.parse(json, env);
    } catch (ConfigException e) {
      if (json != null) {
        throw e;
      }
      var problems = new ArrayList<String>();
      problems.add("config file: none at " + source.file()
          + " (pass --config or set CONFIG_PATH), and the environment does not supply the rest");
      problems.addAll(e.problems());
      throw new ConfigException(problems);
    }
  }

  /**
   * One line with the file and the parser's position. The parser's own words are kept but quoted
   * tokens are cut: an unquoted password would otherwise appear in them.
   */
  static ConfigException unreadable(Source source, Throwable error) {
    String file = source.file().toString();
    Throwable root = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("MismatchedInputException")) {
        // Jackson could parse the text but not as an object: a list, a bare value, nothing.
        return new ConfigException(file + ": must contain a JSON object at the top level");
      }
      if (t instanceof JsonProcessingException jpe) {
        var at = jpe.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new ConfigException(file + ": malformed JSON" + where + ": "
            + redactTokens(jpe.getOriginalMessage()));
      }
      if (t instanceof ClassCastException) {
        return new ConfigException(file + ": must contain a JSON object at the top level");
      }
      root = t;
    }
    String reason = root.getClass().getSimpleName()
        + (root instanceof java.io.IOException && root.getMessage() != null ? ": " + root.getMessage() : "");
    return new ConfigException(file + ": cannot read (" + reason + ")");
  }

  /** First line of a parser message, with quoted tokens other than JSON literals cut. */
  private static String redactTokens(String message) {
    String firstLine = message.lines().findFirst().orElse("");
    return Pattern.compile("'([^']{2,})'").matcher(firstLine).replaceAll(m ->
        m.group(1).matches("null|true|false") ? m.group() : "'...'");
  }

  private static void warn(ServiceConfig config) {
    SftpConfig sftp = config.sftp();
    if (sftp.insecureSkipHostKeyVerification()) {
      log.warn("sftp.insecure_skip_host_key_verification is true: the SFTP server's identity "
          + "will NOT be checked. Use this only for throwaway test servers.");
    } else if (!sftp.hostKeyVerificationConfigured()) {
      log.warn("No sftp.known_hosts_file or sftp.host_key_fingerprint: SFTP connections will be "
          + "refused until one is set (see docs/configuration.md).");
    }
  }
}
