package io.bqsftp.config;

import static io.bqsftp.config.ConfigDef.*;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Turns the merged JSON + environment into a {@link ServiceConfig}, or every problem found. */
final class ConfigParser {
  private final Problems problems = new Problems();
  private final EnvSource env;

  private ConfigParser(Map<String, String> env) {
    this.env = new EnvSource(env, problems);
  }

  static ServiceConfig parse(JsonObject json, Map<String, String> env) {
    return new ConfigParser(env).parse(json == null ? new JsonObject() : json);
  }

  private ServiceConfig parse(JsonObject root) {
    new StructureCheck(problems).check(root);
    var r = new ScopeReader(root, null, env, problems);
    SftpConfig sftp = sftp(r);
    BigQueryConfig bigquery = bigquery(r);
    Map<String, ExportConfig> exports = exports(root, sftp);
    Integer staleAfterSeconds = r.get(LOCK_STALE_AFTER_SECONDS);
    exports.values().forEach(e -> e.sftp().ifPresent(own -> {
      if (staleAfterSeconds != null && staleAfterSeconds < own.requestTimeout().toSeconds()) {
        problems.add("exports." + e.name() + ".sftp.timeout_seconds", "must be at most lock.stale_after_seconds ("
            + staleAfterSeconds + "), or one hung heartbeat could let the lock go stale");
      }
    }));
    Optional<String> gcsBucket = Optional.ofNullable(r.get(GCS_BUCKET));
    Optional<String> metadataTable = Optional.ofNullable(r.get(EXPORT_METADATA_TABLE));
    Integer httpPort = r.get(SERVER_PORT);
    Integer maxConcurrent = r.get(MAX_CONCURRENT_EXPORTS);
    Integer grace = r.get(SHUTDOWN_GRACE_SECONDS);
    String staging = r.get(STAGING_DIRECTORY);
    String ledger = r.get(LEDGER_FILE);
    String journal = r.get(LEDGER_JOURNAL_FILE);
    Boolean debug = r.get(DEBUG);
    Integer initialBackoff = r.get(SFTP_RETRY_INITIAL_BACKOFF_MS);
    Integer maxBackoff = r.get(SFTP_RETRY_MAX_BACKOFF_MS);
    String spool = r.get(SPOOL_DIRECTORY);
    Integer heartbeat = r.get(LOCK_HEARTBEAT_SECONDS);
    Integer staleAfter = r.get(LOCK_STALE_AFTER_SECONDS);
    checkLockTiming(heartbeat, staleAfter, sftp);
    TriggerConfig triggers = triggers(r);
    problems.throwIfAny(); // from here on every value is present and valid
    var delivery = new DeliveryConfig(sftp.uploadAttempts(), Duration.ofMillis(initialBackoff),
        Duration.ofMillis(Math.max(initialBackoff, maxBackoff)),
        spool == null ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(spool),
        Duration.ofSeconds(heartbeat), Duration.ofSeconds(staleAfter));
    return new ServiceConfig(sftp, gcsBucket, metadataTable, bigquery, exports, httpPort,
        maxConcurrent, Duration.ofSeconds(grace), staging, ledger, debug, delivery, triggers,
        journal != null ? journal : ServiceConfig.journalBeside(ledger));
  }

  /**
   * A lock must be refreshed several times before it counts as stale, and a heartbeat request that
   * hangs must time out (and reconnect) before then, or a live run would lose its lock.
   */
  private void checkLockTiming(Integer heartbeat, Integer staleAfter, SftpConfig sftp) {
    if (heartbeat == null || staleAfter == null) {
      return;
    }
    if (staleAfter < 3L * heartbeat) {
      problems.add(LOCK_STALE_AFTER_SECONDS.path(), "must be at least 3 x lock.heartbeat_seconds ("
          + 3L * heartbeat + "), or a live run's lock could look stale (got " + staleAfter + ")");
    }
    if (sftp != null && staleAfter < sftp.requestTimeout().toSeconds()) {
      problems.add(LOCK_STALE_AFTER_SECONDS.path(), "must be at least sftp.timeout_seconds ("
          + sftp.requestTimeout().toSeconds() + "), or one hung heartbeat could let the lock go stale (got "
          + staleAfter + ")");
    }
  }

  private TriggerConfig triggers(ScopeReader r) {
    Optional<String> subscription = Optional.ofNullable(r.get(PUBSUB_SUBSCRIPTION));
    Optional<String> emulator = Optional.ofNullable(r.get(PUBSUB_EMULATOR_HOST)).map(String::strip);
    Integer ackExtension = r.get(PUBSUB_MAX_ACK_EXTENSION_SECONDS);
    Optional<Secret> token = Optional.ofNullable(r.get(AUTH_TOKEN));
    String tokenFile = r.get(AUTH_TOKEN_FILE);
    Integer historySize = r.get(RUN_HISTORY_SIZE);
    Integer historyMinutes = r.get(RUN_HISTORY_MINUTES);
    Integer maxPending = r.get(MAX_PENDING_RUNS);
    Integer conflictRetry = r.get(PUBSUB_CONFLICT_RETRY_SECONDS);
    if (tokenFile != null) {
      if (r.isSet(AUTH_TOKEN)) {
        problems.add(AUTH_TOKEN_FILE.path(), "set only one of auth.token and auth.token_file");
      } else {
        token = readTokenFile(tokenFile);
      }
    }
    if (ackExtension == null || historySize == null || historyMinutes == null || maxPending == null || conflictRetry == null) {
      return null;
    }
    return new TriggerConfig(subscription, emulator, Duration.ofSeconds(ackExtension), token,
        historySize, Duration.ofMinutes(historyMinutes), maxPending, Duration.ofSeconds(conflictRetry),
        Optional.ofNullable(r.get(TRACE_PROJECT)));
  }

  /** The token file's trimmed content; problems name the key, never the content. */
  private Optional<Secret> readTokenFile(String file) {
    try {
      String token = Files.readString(Path.of(file)).strip();
      if (token.isEmpty()) {
        problems.add(AUTH_TOKEN_FILE.path(), "file " + file + " is empty");
        return Optional.empty();
      }
      return Optional.of(new Secret(token));
    } catch (java.io.IOException | InvalidPathException e) {
      problems.add(AUTH_TOKEN_FILE.path(), "file " + file + " cannot be read");
      return Optional.empty();
    }
  }

  private SftpConfig sftp(ScopeReader r) {
    String host = r.get(SFTP_HOST);
    Integer port = r.get(SFTP_PORT);
    String username = r.get(SFTP_USERNAME);
    Optional<Secret> password = Optional.ofNullable(r.get(SFTP_PASSWORD));
    String directory = r.get(SFTP_DIRECTORY);
    Optional<String> keyFile = Optional.ofNullable(r.get(SFTP_PRIVATE_KEY_FILE));
    Optional<Secret> key = Optional.ofNullable(r.get(SFTP_PRIVATE_KEY)).map(ConfigParser::unescapeKey);
    Optional<Secret> passphrase = Optional.ofNullable(r.get(SFTP_PRIVATE_KEY_PASSPHRASE));
    Optional<String> knownHosts = Optional.ofNullable(r.get(SFTP_KNOWN_HOSTS_FILE));
    Optional<String> fingerprint = Optional.ofNullable(r.get(SFTP_HOST_KEY_FINGERPRINT));
    Boolean insecure = r.get(SFTP_INSECURE_SKIP_HOST_KEY_VERIFICATION);
    Integer maxConnections = r.get(SFTP_MAX_CONNECTIONS);
    Integer connectTimeout = r.get(SFTP_CONNECT_TIMEOUT_SECONDS);
    Integer writesInFlight = r.get(SFTP_WRITES_IN_FLIGHT);
    Integer uploadAttempts = r.get(SFTP_UPLOAD_ATTEMPTS);
    Integer requestTimeout = r.get(SFTP_TIMEOUT_SECONDS);
    String ciphers = r.get(SFTP_CIPHERS);

    boolean anyKey = r.isSet(SFTP_PRIVATE_KEY) || r.isSet(SFTP_PRIVATE_KEY_FILE);
    if (!anyKey && !r.isSet(SFTP_PASSWORD)) {
      problems.add(SFTP_PASSWORD.path(), "a password or a private key is required (set "
          + "sftp.password / SFTP_PASSWORD, sftp.private_key_file / SFTP_PRIVATE_KEY_FILE "
          + "or sftp.private_key / SFTP_PRIVATE_KEY)");
    }
    if (r.isSet(SFTP_PRIVATE_KEY) && r.isSet(SFTP_PRIVATE_KEY_FILE)) {
      problems.add(SFTP_PRIVATE_KEY.path(), "set only one of sftp.private_key and sftp.private_key_file");
    }
    if (r.isSet(SFTP_PRIVATE_KEY_PASSPHRASE) && !anyKey) {
      problems.add(SFTP_PRIVATE_KEY_PASSPHRASE.path(), "is set but no private key is configured");
    }
    if (Boolean.TRUE.equals(insecure)
        && (r.isSet(SFTP_KNOWN_HOSTS_FILE) || r.isSet(SFTP_HOST_KEY_FINGERPRINT))) {
      problems.add(SFTP_INSECURE_SKIP_HOST_KEY_VERIFICATION.path(),
          "cannot be combined with sftp.known_hosts_file or sftp.host_key_fingerprint");
    }
    // Fail at start-up, not at the first scheduled export hours later.
    keyFile.ifPresent(f -> requireReadableFile(SFTP_PRIVATE_KEY_FILE, f));
    knownHosts.ifPresent(f -> requireReadableFile(SFTP_KNOWN_HOSTS_FILE, f));

    if (host == null || port == null || username == null || directory == null || insecure == null
        || maxConnections == null || connectTimeout == null || writesInFlight == null
        || uploadAttempts == null || requestTimeout == null || ciphers == null) {
      return null; // problems already recorded
    }
    return new SftpConfig(host, port, username, password, keyFile, key, passphrase, knownHosts,
        fingerprint, insecure, directory, maxConnections, Duration.ofSeconds(connectTimeout),
        writesInFlight, uploadAttempts, Duration.ofSeconds(requestTimeout), Validator.cipherNames(ciphers));
  }

  private BigQueryConfig bigquery(ScopeReader r) {
    Optional<String> endpoint = Optional.ofNullable(r.get(BIGQUERY_ENDPOINT)).map(String::strip);
    Optional<String> billing = Optional.ofNullable(r.get(BIGQUERY_BILLING_PROJECT));
    Integer maxStreams = r.get(BIGQUERY_MAX_STREAMS);
    Boolean plaintext = r.get(BIGQUERY_PLAINTEXT);
    if (plaintext == null) {
      plaintext = endpoint.flatMap(BigQueryEndpoint::parse).map(BigQueryEndpoint::isLoopback)
          .orElse(false);
    }
    return maxStreams == null ? null : new BigQueryConfig(endpoint, billing, maxStreams, plaintext);
  }

  private Map<String, ExportConfig> exports(JsonObject root, SftpConfig sftp) {
    Object node = root.getValue("exports");
    Map<String, ExportConfig> exports = new LinkedHashMap<>();
    if (node == null) {
      return Collections.unmodifiableMap(exports);
    }
    if (!(node instanceof JsonObject all)) {
      problems.add("exports", "must be an object of export name to settings (got "
          + StructureCheck.kind(node) + ")");
      return Map.of();
    }
    Map<String, String> outputs = new HashMap<>();
    for (Map.Entry<String, Object> e : all) {
      String name = e.getKey();
      if (!EXPORT_NAME.matcher(name).matches()) {
        problems.add("exports", "export name " + ScopeReader.describe(name) + " must match "
            + EXPORT_NAME_RULE + " (it is used in file names and URLs)");
        continue;
      }
      if (!(e.getValue() instanceof JsonObject settings)) {
        problems.add("exports." + name, "must be an object (got "
            + (e.getValue() == null ? "null" : StructureCheck.kind(e.getValue())) + ")");
        continue;
      }
      ExportConfig export = export(name, settings, sftp);
      if (export != null) {
        checkDistinctOutput(export, outputs);
        exports.put(name, export);
      }
    }
    return Collections.unmodifiableMap(exports);
  }

  private ExportConfig export(String name, JsonObject settings, SftpConfig serviceSftp) {
    new StructureCheck(problems).checkExport(settings, name);
    var r = new ScopeReader(settings, name, env, problems);
    String sourceTable = r.get(SOURCE_TABLE);
    Boolean compress = r.get(COMPRESS);
    ExportType type = r.get(EXPORT_TYPE);
    String dateColumn = r.get(DATE_COLUMN);
    Integer lookback = r.get(DAYS_LOOKBACK);
    Character delimiter = r.get(FIELD_DELIMITER);
    Boolean header = r.get(PRINT_HEADER);
    Long maxBytes = r.get(MAX_FILE_BYTES);
    String template = r.get(FILE_NAME_TEMPLATE);
    String directory = r.get(DIRECTORY);
    Integer level = r.get(COMPRESSION_LEVEL);
    Optional<String> manifest = Optional.ofNullable(r.get(MANIFEST_FILE));
    Optional<String> done = Optional.ofNullable(r.get(DONE_FILE));
    java.util.List<String> columns = r.isSet(COLUMNS) ? r.get(COLUMNS) : java.util.List.of();
    Optional<String> rowFilter = Optional.ofNullable(r.get(ROW_FILTER)).map(String::strip);
    IfExists ifExists = r.get(IF_EXISTS);
    Optional<PgpEncryption> encryption = encryption(r, name);
    ExportFormat format = r.get(FORMAT);
    Optional<SftpConfig> ownSftp = exportSftp(name, r.get(EXPORT_SFTP), serviceSftp);
    if (manifest.isPresent() && manifest.equals(done)) {
      problems.add(DONE_FILE.pathFor(name), "must differ from manifest_file");
    }
    if (type == ExportType.DATE_RANGE && !r.isSet(DATE_COLUMN)) {
      problems.add(DATE_COLUMN.pathFor(name), "is required when export_type is date_range");
    }
    if (sourceTable == null || compress == null || type == null || lookback == null
        || delimiter == null || header == null || maxBytes == null || template == null
        || directory == null || level == null || (type == ExportType.DATE_RANGE && dateColumn == null)
        || columns == null || (r.isSet(ROW_FILTER) && rowFilter.isEmpty()) || ifExists == null || format == null) {
      return null;
    }
    return new ExportConfig(name, sourceTable, compress, type, Optional.ofNullable(dateColumn),
        lookback, delimiter, header, maxBytes, template, directory, level, manifest, done, columns, rowFilter, ifExists,
        encryption, format, ownSftp);
  }

  /** sftp.* keys an export may override; the others are service-wide (retries, upload attempts). */
  private static final java.util.List<ConfigKey<?>> EXPORT_SFTP_KEYS = java.util.List.of(
      SFTP_HOST, SFTP_PORT, SFTP_USERNAME, SFTP_PASSWORD, SFTP_DIRECTORY, SFTP_PRIVATE_KEY_FILE, SFTP_PRIVATE_KEY,
      SFTP_PRIVATE_KEY_PASSPHRASE, SFTP_KNOWN_HOSTS_FILE, SFTP_HOST_KEY_FINGERPRINT,
      SFTP_INSECURE_SKIP_HOST_KEY_VERIFICATION, SFTP_MAX_CONNECTIONS, SFTP_CONNECT_TIMEOUT_SECONDS,
      SFTP_TIMEOUT_SECONDS, SFTP_WRITES_IN_FLIGHT);

  /**
   * The export's own destination: the service's sftp settings with the export's {@code sftp} object
   * laid over them (environment variables never override an export's own values). A credential
   * given drops the inherited ones, and a host or port given drops the inherited fingerprint: another
   * login or server must not be tried with the first one's secrets or host key.
   */
  private Optional<SftpConfig> exportSftp(String name, JsonObject override, SftpConfig base) {
    if (override == null) {
      return Optional.empty();
    }
    String prefix = "exports." + name + ".";
    java.util.Set<String> allowed = new java.util.HashSet<>();
    EXPORT_SFTP_KEYS.forEach(k -> allowed.add(k.path().substring("sftp.".length())));
    for (String key : override.fieldNames()) {
      if (!allowed.contains(key)) {
        problems.add(prefix + "sftp." + key, key.equals("upload_attempts") || key.startsWith("retry_")
            ? "is service-wide: set it under sftp" : "unknown key");
      }
    }
    Problems own = new Problems();
    var r = new ScopeReader(new JsonObject().put("sftp", override), name, env, own);
    boolean credentials = override.containsKey("password") || override.containsKey("private_key")
        || override.containsKey("private_key_file");
    boolean server = override.containsKey("host") || override.containsKey("port");
    String host = pick(r, override, SFTP_HOST, base == null ? null : base.host());
    Integer port = pick(r, override, SFTP_PORT, base == null ? null : base.port());
    String username = pick(r, override, SFTP_USERNAME, base == null ? null : base.username());
    Secret password = pick(r, override, SFTP_PASSWORD, credentials || base == null ? null : base.password().orElse(null));
    String keyFile = pick(r, override, SFTP_PRIVATE_KEY_FILE,
        credentials || base == null ? null : base.privateKeyFile().orElse(null));
    Secret key = pick(r, override, SFTP_PRIVATE_KEY, credentials || base == null ? null : base.privateKey().orElse(null));
    Secret passphrase = pick(r, override, SFTP_PRIVATE_KEY_PASSPHRASE,
        credentials || base == null ? null : base.privateKeyPassphrase().orElse(null));
    String knownHosts = pick(r, override, SFTP_KNOWN_HOSTS_FILE, base == null ? null : base.knownHostsFile().orElse(null));
    String fingerprint = pick(r, override, SFTP_HOST_KEY_FINGERPRINT,
        server || base == null ? null : base.hostKeyFingerprint().orElse(null));
    Boolean insecure = pick(r, override, SFTP_INSECURE_SKIP_HOST_KEY_VERIFICATION,
        base == null ? null : base.insecureSkipHostKeyVerification());
    String directory = pick(r, override, SFTP_DIRECTORY, base == null ? null : base.directory());
    Integer maxConnections = pick(r, override, SFTP_MAX_CONNECTIONS, base == null ? null : base.maxConnections());
    Integer connectTimeout = pick(r, override, SFTP_CONNECT_TIMEOUT_SECONDS,
        base == null ? null : (int) base.connectTimeout().toSeconds());
    Integer timeout = pick(r, override, SFTP_TIMEOUT_SECONDS,
        base == null ? null : (int) base.requestTimeout().toSeconds());
    Integer writes = pick(r, override, SFTP_WRITES_IN_FLIGHT, base == null ? null : base.writesInFlight());
    if (credentials && password == null && key == null && keyFile == null) {
      own.add("sftp.password", "a password or a private key is required");
    }
    if (key != null && keyFile != null) {
      own.add("sftp.private_key", "set only one of private_key and private_key_file");
    }
    if (Boolean.TRUE.equals(insecure) && (knownHosts != null || fingerprint != null)
        && override.containsKey("insecure_skip_host_key_verification")) {
      own.add("sftp.insecure_skip_host_key_verification",
          "cannot be combined with known_hosts_file or host_key_fingerprint");
    }
    if (keyFile != null && override.containsKey("private_key_file") && !Files.isReadable(Path.of(keyFile))) {
      own.add("sftp.private_key_file", "file " + keyFile + " does not exist or is not readable");
    }
    problems.addAll(prefix, own);
    if (base == null || !own.isEmpty() || host == null || port == null || username == null || insecure == null
        || directory == null || maxConnections == null || connectTimeout == null || timeout == null || writes == null) {
      return Optional.empty();
    }
    return Optional.of(new SftpConfig(host, port, username, Optional.ofNullable(password), Optional.ofNullable(keyFile),
        Optional.ofNullable(key).map(ConfigParser::unescapeKey), Optional.ofNullable(passphrase),
        Optional.ofNullable(knownHosts), Optional.ofNullable(fingerprint), insecure, directory, maxConnections,
        Duration.ofSeconds(connectTimeout), writes, base.uploadAttempts(), Duration.ofSeconds(timeout)));
  }

  /** The override's value when it has the key (validated), else the inherited one. */
  private static <T> T pick(ScopeReader r, JsonObject override, ConfigKey<T> key, T inherited) {
    return override.containsKey(key.path().substring("sftp.".length())) ? r.get(key) : inherited;
  }

  /** The encryption key, parsed now so that a bad key stops startup rather than the first run. */
  private Optional<PgpEncryption> encryption(ScopeReader r, String name) {
    String file = r.get(PGP_PUBLIC_KEY_FILE);
    Secret inline = r.get(PGP_PUBLIC_KEY);
    String signingFile = r.get(PGP_SIGNING_KEY_FILE);
    Secret signingPassphrase = r.get(PGP_SIGNING_KEY_PASSPHRASE);
    if (file != null && inline != null) {
      problems.add(PGP_PUBLIC_KEY.pathFor(name), "set only one of pgp_public_key and pgp_public_key_file");
      return Optional.empty();
    }
    if (signingFile != null && file == null && inline == null) {
      problems.add(PGP_SIGNING_KEY_FILE.pathFor(name), "signing needs the partner's key too "
          + "(pgp_public_key_file or pgp_public_key): files are signed and encrypted, never only signed");
      return Optional.empty();
    }
    if (signingPassphrase != null && signingFile == null) {
      problems.add(PGP_SIGNING_KEY_PASSPHRASE.pathFor(name), "is set but pgp_signing_key_file is not");
      return Optional.empty();
    }
    if (signingFile != null) {
      try {
        io.bqsftp.pgp.PgpSigningKey.fromFile(Path.of(signingFile),
            signingPassphrase == null ? new char[0] : signingPassphrase.reveal().toCharArray());
      } catch (java.nio.file.NoSuchFileException e) {
        problems.add(PGP_SIGNING_KEY_FILE.pathFor(name), "file " + signingFile + " does not exist");
        return Optional.empty();
      } catch (java.io.IOException | InvalidPathException e) {
        problems.add(PGP_SIGNING_KEY_FILE.pathFor(name), "file " + signingFile + ": " + e.getMessage());
        return Optional.empty();
      }
    }
    try {
      if (file != null) {
        io.bqsftp.pgp.PgpPublicKey.fromFile(Path.of(file));
        return Optional.of(new PgpEncryption(Optional.of(file), Optional.empty(), Optional.ofNullable(signingFile),
            Optional.ofNullable(signingPassphrase)));
      }
      if (inline != null) {
        io.bqsftp.pgp.PgpPublicKey.fromText(unescapeKey(inline).reveal());
        return Optional.of(new PgpEncryption(Optional.empty(), Optional.of(unescapeKey(inline)),
            Optional.ofNullable(signingFile), Optional.ofNullable(signingPassphrase)));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add(PGP_PUBLIC_KEY_FILE.pathFor(name), "file " + file + " does not exist");
    } catch (java.io.IOException | InvalidPathException e) {
      problems.add((file != null ? PGP_PUBLIC_KEY_FILE : PGP_PUBLIC_KEY).pathFor(name),
          (file != null ? "file " + file + ": " : "") + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Two exports writing the same names into the same directory would overwrite each other's
   * files; the default template avoids that with {export_name}.
   */
  private void checkDistinctOutput(ExportConfig export, Map<String, String> outputs) {
    if (export.fileNameTemplate().contains("{export_name}")) {
      return;
    }
    String dir = export.directory().replaceAll("/+$", "");
    String server = export.sftp().map(s -> s.host() + ":" + s.port() + "/" + s.directory() + "\n").orElse("");
    String where = server + dir + "\n" + export.fileNameTemplate() + "\n" + export.fileExtension() + export.fileSuffix();
    String other = outputs.putIfAbsent(where, export.name());
    if (other != null) {
      problems.add(FILE_NAME_TEMPLATE.pathFor(export.name()), "would write the same file names "
          + "as exports." + other + " in the same directory; add {export_name} or a directory");
    }
  }

  private void requireReadableFile(ConfigKey<String> key, String file) {
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      problems.add(key.path(), "is not a valid file path");
      return;
    }
    if (!Files.isRegularFile(path)) {
      problems.add(key.path(), "file " + file + " does not exist");
    } else if (!Files.isReadable(path)) {
      problems.add(key.path(), "file " + file + " is not readable");
    }
  }

  /** CI systems often store a PEM key on one line with literal "\n" escapes. */
  private static Secret unescapeKey(Secret key) {
    String text = key.reveal();
    return !text.contains("\n") && text.contains("\\n")
        ? new Secret(text.replace("\\n", "\n")) : key;
  }
}
