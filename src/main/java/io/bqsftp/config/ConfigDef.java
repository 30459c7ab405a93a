package io.bqsftp.config;

import static io.bqsftp.config.ConfigKey.define;
import static io.bqsftp.config.ValueType.BOOLEAN;
import static io.bqsftp.config.ValueType.DELIMITER;
import static io.bqsftp.config.ValueType.INT;
import static io.bqsftp.config.ValueType.LONG;
import static io.bqsftp.config.ValueType.SECRET;
import static io.bqsftp.config.ValueType.STRING;
import static io.bqsftp.config.ValueType.STRING_LIST;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Every configuration key, declared once. The seed's keys keep their names and meaning; the rest
 * are optional additions. Order here is the order of the reference table.
 */
public final class ConfigDef {
  private ConfigDef() {}

  /** Export names end up in file names and URLs. */
  public static final Pattern EXPORT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  static final String EXPORT_NAME_RULE = "[A-Za-z0-9_-]{1,100}";

  // --- sftp -------------------------------------------------------------------------------
  public static final ConfigKey<String> SFTP_HOST = define("sftp.host", STRING).required()
      .validator(Validator.nonBlank()).env("SFTP_HOST")
      .doc("SFTP server host name or IP address.");
  public static final ConfigKey<Integer> SFTP_PORT = define("sftp.port", INT)
      .defaultValue(SftpConfig.DEFAULT_PORT).validator(Validator.between(1, 65535)).env("SFTP_PORT")
      .doc("SFTP server port.");
  public static final ConfigKey<String> SFTP_USERNAME = define("sftp.username", STRING).required()
      .validator(Validator.nonBlank()).env("SFTP_USERNAME")
      .doc("Login name.");
  public static final ConfigKey<Secret> SFTP_PASSWORD = define("sftp.password", SECRET)
      .envWithFile("SFTP_PASSWORD")
      .doc("Login password. A password or a private key is required.");
  public static final ConfigKey<String> SFTP_DIRECTORY = define("sftp.directory", STRING)
      .defaultValue(".").validator(Validator.nonBlank()).env("SFTP_DIRECTORY")
      .doc("Base directory on the server for all exports; relative paths start at the login directory.");
  public static final ConfigKey<String> SFTP_PRIVATE_KEY_FILE =
      define("sftp.private_key_file", STRING).validator(Validator.nonBlank())
      .env("SFTP_PRIVATE_KEY_FILE")
      .doc("Path of a private key file (OpenSSH or PEM) to log in with.");
  public static final ConfigKey<Secret> SFTP_PRIVATE_KEY = define("sftp.private_key", SECRET)
      .env("SFTP_PRIVATE_KEY")
      .doc("Inline private key text, instead of sftp.private_key_file.");
  public static final ConfigKey<Secret> SFTP_PRIVATE_KEY_PASSPHRASE =
      define("sftp.private_key_passphrase", SECRET).envWithFile("SFTP_PRIVATE_KEY_PASSPHRASE")
      .doc("Passphrase of an encrypted private key.");
  public static final ConfigKey<String> SFTP_KNOWN_HOSTS_FILE =
      define("sftp.known_hosts_file", STRING).validator(Validator.nonBlank())
      .env("SFTP_KNOWN_HOSTS_FILE")
      .doc("OpenSSH known_hosts file used to verify the server's host key.");
  public static final ConfigKey<String> SFTP_HOST_KEY_FINGERPRINT =
      define("sftp.host_key_fingerprint", STRING).validator(Validator.fingerprint())
      .env("SFTP_HOST_KEY_FINGERPRINT")
      .doc("Expected host key fingerprint as `ssh-keygen -lf` prints it (`SHA256:...`).");
  public static final ConfigKey<Boolean> SFTP_INSECURE_SKIP_HOST_KEY_VERIFICATION =
      define("sftp.insecure_skip_host_key_verification", BOOLEAN).defaultValue(false)
      .doc("Accept any host key (logged loudly). For throwaway test servers only.");
  public static final ConfigKey<Integer> SFTP_MAX_CONNECTIONS = define("sftp.max_connections", INT)
      .defaultValue(SftpConfig.DEFAULT_MAX_CONNECTIONS).validator(Validator.between(1, 64))
      .doc("Parallel SFTP connections (one file upload each).");
  public static final ConfigKey<Integer> SFTP_CONNECT_TIMEOUT_SECONDS =
      define("sftp.connect_timeout_seconds", INT)
      .defaultValue((int) SftpConfig.DEFAULT_CONNECT_TIMEOUT.toSeconds())
      .validator(Validator.between(1, 3600))
      .doc("Timeout for connecting and authenticating, in seconds.");
  public static final ConfigKey<Integer> SFTP_TIMEOUT_SECONDS = define("sftp.timeout_seconds", INT)
      .defaultValue((int) SftpConfig.DEFAULT_REQUEST_TIMEOUT.toSeconds())
      .validator(Validator.between(1, 3600))
      .doc("How long one SFTP request may go unanswered before the connection is given up as hung.");
  public static final ConfigKey<Integer> SFTP_WRITES_IN_FLIGHT = define("sftp.writes_in_flight", INT)
      .defaultValue(SftpConfig.DEFAULT_WRITES_IN_FLIGHT).validator(Validator.between(1, 1024))
      .doc("Unacknowledged SFTP write requests per file (pipelining).");
  public static final ConfigKey<Integer> SFTP_UPLOAD_ATTEMPTS = define("sftp.upload_attempts", INT)
      .defaultValue(SftpConfig.DEFAULT_UPLOAD_ATTEMPTS).validator(Validator.between(1, 20))
      .doc("Attempts per file before it is staged for a later retry.");
  public static final ConfigKey<String> SFTP_CIPHERS = define("sftp.ciphers", STRING)
      .defaultValue(String.join(",", SftpConfig.DEFAULT_CIPHERS)).validator(Validator.cipherList())
      .env("SFTP_CIPHERS")
      .doc("SSH ciphers to offer, comma-separated, most preferred first (the server picks the first it "
          + "also has). Default: cheapest per byte first (docs/performance.md); add "
          + "chacha20-poly1305@openssh.com for a server that offers nothing else.");
  public static final ConfigKey<Integer> SFTP_RETRY_INITIAL_BACKOFF_MS =
      define("sftp.retry_initial_backoff_ms", INT)
      .defaultValue((int) DeliveryConfig.DEFAULT_INITIAL_BACKOFF.toMillis())
      .validator(Validator.between(0, 600_000))
      .doc("Wait before the second attempt of a file's upload; doubles with each further attempt.");
  public static final ConfigKey<Integer> SFTP_RETRY_MAX_BACKOFF_MS =
      define("sftp.retry_max_backoff_ms", INT)
      .defaultValue((int) DeliveryConfig.DEFAULT_MAX_BACKOFF.toMillis())
      .validator(Validator.between(0, 3_600_000))
      .doc("Longest wait between two attempts of a file's upload.");

  // --- seed: gcs, metadata -------------------------------------------------------------------
  public static final ConfigKey<String> GCS_BUCKET = define("gcs.bucket", STRING)
      .validator(Validator.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]", "a GCS bucket name"))
      .env("GCS_BUCKET")
      .doc("Bucket where parts that failed to upload are staged for retry. Not set: local staging_directory.");
  public static final ConfigKey<String> EXPORT_METADATA_TABLE =
      define("metadata.export_metadata_table", STRING).validator(Validator.tableId())
      .env("EXPORT_METADATA_TABLE")
      .doc("BigQuery table recording export history. Not set: the local ledger_file.");

  // --- bigquery -----------------------------------------------------------------------------
  public static final ConfigKey<String> BIGQUERY_ENDPOINT = define("bigquery.endpoint", STRING)
      .validator(Validator.endpoint()).env("BIGQUERY_ENDPOINT")
      .doc("Storage Read API endpoint. Not set: Google's default with Application Default Credentials.");
  public static final ConfigKey<String> BIGQUERY_BILLING_PROJECT =
      define("bigquery.billing_project", STRING).validator(Validator.nonBlank())
      .doc("Project billed for read sessions. Not set: each table's own project.");
  public static final ConfigKey<Integer> BIGQUERY_MAX_STREAMS = define("bigquery.max_streams", INT)
      .defaultValue(BigQueryConfig.DEFAULT_MAX_STREAMS).validator(Validator.between(1, 64))
      .doc("Read streams per export (parallel ReadRows calls).");
  public static final ConfigKey<Boolean> BIGQUERY_PLAINTEXT = define("bigquery.plaintext", BOOLEAN)
      .defaultDoc("`true` if the endpoint host is 127.0.0.1, localhost or ::1, else `false`")
      .doc("Connect without TLS and credentials (the embedded server).");

  // --- exports.<name> (seed) ----------------------------------------------------------------
  public static final ConfigKey<String> SOURCE_TABLE = define("exports.<name>.source_table", STRING)
      .required().validator(Validator.tableId())
      .doc("Table to export.");
  public static final ConfigKey<Boolean> COMPRESS = define("exports.<name>.compress", BOOLEAN)
      .defaultValue(true)
      .doc("Write gzip files (`.csv.gz`) instead of plain `.csv`.");
  public static final ConfigKey<ExportType> EXPORT_TYPE =
      define("exports.<name>.export_type", ValueType.oneOf(ExportType.class, ExportType::key))
      .required()
      .doc("`full`: every row. `date_range`: rows whose date_column lies in the lookback window.");
  public static final ConfigKey<String> DATE_COLUMN = define("exports.<name>.date_column", STRING)
      .validator(Validator.matches("[A-Za-z_][A-Za-z0-9_]*", "`[A-Za-z_][A-Za-z0-9_]*`"))
      .defaultDoc("required for `date_range`")
      .doc("DATE, DATETIME or TIMESTAMP column that selects rows of a date_range export.");
  public static final ConfigKey<Integer> DAYS_LOOKBACK = define("exports.<name>.days_lookback", INT)
      .defaultValue(0).validator(Validator.atLeast(0))
      .doc("Days before the run date included in a date_range export (0: the run date only).");

  // --- exports.<name> (new) -----------------------------------------------------------------
  public static final ConfigKey<Character> FIELD_DELIMITER =
      define("exports.<name>.field_delimiter", DELIMITER).defaultValue(',')
      .doc("CSV field delimiter: one character; `\"\\t\"` or `\"tab\"` for a tab.");
  public static final ConfigKey<Boolean> PRINT_HEADER = define("exports.<name>.print_header", BOOLEAN)
      .defaultValue(true)
      .doc("Write a header line with the column names in each file.");
  public static final ConfigKey<Long> MAX_FILE_BYTES = define("exports.<name>.max_file_bytes", LONG)
      .defaultValue(ExportConfig.DEFAULT_MAX_FILE_BYTES).validator(Validator.atLeast(1024))
      .doc("Start a new part once a file reaches about this many bytes.");
  public static final ConfigKey<String> FILE_NAME_TEMPLATE =
      define("exports.<name>.file_name_template", STRING)
      .defaultValue(ExportConfig.DEFAULT_FILE_NAME_TEMPLATE).validator(Validator.fileNameTemplate())
      .doc("File name pattern; see *File name template* below.");
  public static final ConfigKey<String> DIRECTORY = define("exports.<name>.directory", STRING)
      .defaultValue("").validator(Validator.relativeDirectory())
      .doc("Sub-directory under sftp.directory for this export's files.");
  public static final ConfigKey<String> MANIFEST_FILE = define("exports.<name>.manifest_file", STRING)
      .validator(Validator.sideFileTemplate())
      .doc("Name of a JSON manifest written after the parts (names, rows, bytes, sha256, run id); "
          + "placeholders {export_name}, {date}. Not set: no manifest.");
  public static final ConfigKey<String> DONE_FILE = define("exports.<name>.done_file", STRING)
      .validator(Validator.sideFileTemplate())
      .doc("Name of an empty marker written last, once the whole set is visible (e.g. `_SUCCESS` or "
          + "`{export_name}_{date}.done`); removed first when a re-run replaces the set. Not set: none.");
  public static final ConfigKey<Integer> COMPRESSION_LEVEL =
      define("exports.<name>.compression_level", INT)
      .defaultValue(ExportConfig.DEFAULT_COMPRESSION_LEVEL).validator(Validator.between(1, 9))
      .doc("gzip level: 1 fastest (ISA-L on Linux x86_64), 9 smallest; 3-9 use libdeflate where installed (about half of zlib's CPU), else zlib.");

  public static final ConfigKey<List<String>> COLUMNS = define("exports.<name>.columns", STRING_LIST)
      .validator(Validator.columnList()).defaultDoc("every column, in table order")
      .doc("Columns to export, in this order (the header and every row follow it); sent to BigQuery as "
          + "the read session's selected fields. A STRUCT or ARRAY column is exported whole.");
  public static final ConfigKey<String> ROW_FILTER = define("exports.<name>.row_filter", STRING)
      .validator(Validator.nonBlank())
      .doc("BigQuery SQL boolean expression selecting rows (e.g. `country = 'DE' AND amount > 0`); sent "
          + "as the read session's row restriction, ANDed with a date_range window. Not set: every row.");
  public static final ConfigKey<IfExists> IF_EXISTS =
      define("exports.<name>.if_exists", ValueType.oneOf(IfExists.class, IfExists::key))
      .defaultValue(IfExists.REPLACE)
      .doc("Files already under the part names of the export and date: `replace` them (the set is replaced "
          + "as one), `fail` the run before anything is renamed if any exists, or `skip` the parts whose "
          + "name exists and deliver the rest (nothing existing is replaced or removed).");

  public static final ConfigKey<ExportFormat> FORMAT =
      define("exports.<name>.format", ValueType.oneOf(ExportFormat.class, ExportFormat::key))
      .defaultValue(ExportFormat.CSV)
      .doc("`csv`, or `json`: newline-delimited JSON as BigQuery's NEWLINE_DELIMITED_JSON export writes it "
          + "(files `.json.gz`; field_delimiter and print_header do not apply). See docs/json-format.md.");
  public static final ConfigKey<String> PGP_PUBLIC_KEY_FILE =
      define("exports.<name>.encryption.pgp_public_key_file", STRING).validator(Validator.nonBlank())
      .doc("Encrypt every file (after gzip) for this OpenPGP public key (`gpg --export`, armored or binary): "
          + "AES-256 with integrity protection (MDC), file names get `.pgp` appended. Not set: no encryption.");
  public static final ConfigKey<Secret> PGP_PUBLIC_KEY = define("exports.<name>.encryption.pgp_public_key", SECRET)
      .doc("The partner's armored public key inline, instead of pgp_public_key_file.");
  public static final ConfigKey<String> PGP_SIGNING_KEY_FILE =
      define("exports.<name>.encryption.pgp_signing_key_file", STRING).validator(Validator.nonBlank())
      .doc("Also sign every file with our own OpenPGP key: a secret key file (`gpg --armor --export-secret-keys`), "
          + "its primary key signs (SHA-256). Not set: files are encrypted, not signed.");
  public static final ConfigKey<Secret> PGP_SIGNING_KEY_PASSPHRASE =
      define("exports.<name>.encryption.pgp_signing_key_passphrase", SECRET)
      .doc("Passphrase of pgp_signing_key_file (not set: the key is not protected).");

  public static final ConfigKey<io.vertx.core.json.JsonObject> EXPORT_SFTP =
      define("exports.<name>.sftp", ValueType.OBJECT).defaultDoc("the service's `sftp`")
      .doc("This export's own SFTP destination: any of the sftp.* keys above except upload_attempts and "
          + "retry_*, overriding the service's value (e.g. `{\"host\": \"sftp.partner-b.com\", \"username\": "
          + "\"b\", \"private_key_file\": \"/keys/b\"}`). Setting a credential drops the inherited ones; "
          + "setting host or port drops the inherited host_key_fingerprint. One connection pool per distinct destination.");

  // --- service ------------------------------------------------------------------------------
  public static final ConfigKey<Integer> SERVER_PORT = define("server.port", INT)
      .defaultValue(ServiceConfig.DEFAULT_HTTP_PORT).validator(Validator.between(0, 65535))
      .env("PORT")
      .doc("HTTP port (`0`: any free port). Cloud Run sets PORT.");
  public static final ConfigKey<Integer> MAX_CONCURRENT_EXPORTS = define("max_concurrent_exports", INT)
      .defaultValue(ServiceConfig.DEFAULT_MAX_CONCURRENT_EXPORTS).validator(Validator.between(1, 64))
      .doc("Exports running at the same time in this process; more wait their turn.");
  public static final ConfigKey<Integer> LOCK_HEARTBEAT_SECONDS = define("lock.heartbeat_seconds", INT)
      .defaultValue((int) DeliveryConfig.DEFAULT_LOCK_HEARTBEAT.toSeconds()).validator(Validator.between(1, 3600))
      .doc("How often a run refreshes its lock file in the export's folder (on a connection of its own).");
  public static final ConfigKey<Integer> LOCK_STALE_AFTER_SECONDS = define("lock.stale_after_seconds", INT)
      .defaultValue((int) DeliveryConfig.DEFAULT_LOCK_STALE_AFTER.toSeconds()).validator(Validator.between(3, 86_400))
      .doc("A lock not refreshed for this long belongs to a dead run and is taken over. At least 3 x "
          + "lock.heartbeat_seconds and at least sftp.timeout_seconds.");
  public static final ConfigKey<Integer> MAX_PENDING_RUNS = define("max_pending_runs", INT)
      .defaultValue(TriggerConfig.DEFAULT_MAX_PENDING_RUNS).validator(Validator.between(0, 1000))
      .doc("Runs waiting for a free slot beyond max_concurrent_exports; more are refused with 429 and "
          + "`Retry-After` (a Pub/Sub message is nacked).");
  public static final ConfigKey<Integer> SHUTDOWN_GRACE_SECONDS = define("shutdown_grace_seconds", INT)
      .defaultValue((int) ServiceConfig.DEFAULT_SHUTDOWN_GRACE.toSeconds())
      .validator(Validator.atLeast(0))
      .doc("On shutdown, how long running exports may take to finish before they are aborted.");
  public static final ConfigKey<String> STAGING_DIRECTORY = define("staging_directory", STRING)
      .defaultValue("staging").validator(Validator.nonBlank()).env("STAGING_DIRECTORY")
      .doc("Local folder for parts that failed to upload, when gcs.bucket is not set.");
  public static final ConfigKey<String> SPOOL_DIRECTORY = define("spool_directory", STRING)
      .validator(Validator.nonBlank()).env("SPOOL_DIRECTORY")
      .defaultDoc("the system temp directory (`java.io.tmpdir`)")
      .doc("Local folder holding a copy of the part being uploaded, so a failed upload can be resent "
          + "without BigQuery. One part per running export; on Cloud Run /tmp is memory.");
  public static final ConfigKey<String> LEDGER_FILE = define("ledger_file", STRING)
      .defaultValue("ledger/exports.jsonl").validator(Validator.nonBlank()).env("LEDGER_FILE")
      .doc("Local export history (JSON lines), when metadata.export_metadata_table is not set.");
  public static final ConfigKey<String> LEDGER_JOURNAL_FILE = define("ledger_journal_file", STRING)
      .validator(Validator.nonBlank()).env("LEDGER_JOURNAL_FILE")
      .defaultDoc("`journal.jsonl` in the folder of ledger_file")
      .doc("Local journal every history event is written to first; events are delivered from it to the "
          + "history table (or ledger_file) and retried until they land, also after a restart. Keep it on a "
          + "disk that survives restarts.");
  public static final ConfigKey<Boolean> DEBUG = define("debug", BOOLEAN)
      .defaultValue(false).env("DEBUG")
      .doc("Verbose logging. From env, as in the seed: `True`, `true` or `1` turn it on.");

  // --- triggers -----------------------------------------------------------------------------
  public static final ConfigKey<String> PUBSUB_SUBSCRIPTION = define("pubsub.subscription", STRING)
      .validator(Validator.matches("projects/[a-z][a-z0-9-]{4,61}[a-z0-9]/subscriptions/[A-Za-z][A-Za-z0-9._~+%-]{2,254}",
          "`projects/PROJECT/subscriptions/NAME`"))
      .env("PUBSUB_SUBSCRIPTION")
      .doc("Pull subscription whose messages (the `POST /` body) start runs. Not set: no Pub/Sub trigger.");
  public static final ConfigKey<String> PUBSUB_EMULATOR_HOST = define("pubsub.emulator_host", STRING)
      .validator(Validator.endpoint()).env("PUBSUB_EMULATOR_HOST")
      .doc("`host:port` of a Pub/Sub emulator: plaintext, no credentials.");
  public static final ConfigKey<Integer> PUBSUB_MAX_ACK_EXTENSION_SECONDS =
      define("pubsub.max_ack_extension_seconds", INT)
      .defaultValue((int) TriggerConfig.DEFAULT_MAX_ACK_EXTENSION.toSeconds())
      .validator(Validator.between(60, 7 * 24 * 3600))
      .doc("How long a message's ack deadline is extended while its export runs; longer runs are redelivered.");
  public static final ConfigKey<Integer> PUBSUB_CONFLICT_RETRY_SECONDS =
      define("pubsub.conflict_retry_seconds", INT)
      .defaultValue((int) TriggerConfig.DEFAULT_CONFLICT_RETRY.toSeconds())
      .validator(Validator.between(1, 3600))
      .doc("While another replica writes a message's export and date (409), the message stays leased and "
          + "is sent again after this many seconds, instead of being nacked.");
  public static final ConfigKey<String> TRACE_PROJECT = define("trace_project", STRING)
      .validator(Validator.matches("[a-z][a-z0-9-]{4,61}[a-z0-9]", "a project id"))
      .env("GOOGLE_CLOUD_PROJECT")
      .doc("Project of the Cloud Trace that run requests over HTTP (`POST /`, `POST /exports/{name}/runs`) name "
          + "in `traceparent` or `X-Cloud-Trace-Context` (Cloud Run adds them): the log lines of the run such a "
          + "request starts carry `logging.googleapis.com/trace`, so Cloud Logging shows them with the request. "
          + "Not set: no trace field.");
  public static final ConfigKey<Secret> AUTH_TOKEN = define("auth.token", SECRET)
      .envWithFile("AUTH_TOKEN")
      .doc("Bearer token required by every endpoint except `/health*`. Not set: no authentication.");
  public static final ConfigKey<String> AUTH_TOKEN_FILE = define("auth.token_file", STRING)
      .validator(Validator.nonBlank())
      .doc("File holding auth.token (trimmed), instead of the token itself.");
  public static final ConfigKey<Integer> RUN_HISTORY_SIZE = define("run_history.max_runs", INT)
      .defaultValue(TriggerConfig.DEFAULT_RUN_HISTORY_SIZE).validator(Validator.between(1, 100_000))
      .doc("Finished runs kept for `GET /runs/{run_id}` (the oldest are forgotten first).");
  public static final ConfigKey<Integer> RUN_HISTORY_MINUTES = define("run_history.retention_minutes", INT)
      .defaultValue((int) TriggerConfig.DEFAULT_RUN_HISTORY_RETENTION.toMinutes())
      .validator(Validator.between(1, 7 * 24 * 60))
      .doc("How long a finished run stays visible under `GET /runs/{run_id}`.");

  /** Service-wide keys, in reference order. */
  public static final List<ConfigKey<?>> SERVICE_KEYS = List.of(
      SFTP_HOST, SFTP_PORT, SFTP_USERNAME, SFTP_PASSWORD, SFTP_DIRECTORY,
      SFTP_PRIVATE_KEY_FILE, SFTP_PRIVATE_KEY, SFTP_PRIVATE_KEY_PASSPHRASE,
      SFTP_KNOWN_HOSTS_FILE, SFTP_HOST_KEY_FINGERPRINT, SFTP_INSECURE_SKIP_HOST_KEY_VERIFICATION,
      SFTP_MAX_CONNECTIONS, SFTP_CONNECT_TIMEOUT_SECONDS, SFTP_TIMEOUT_SECONDS, SFTP_WRITES_IN_FLIGHT, SFTP_UPLOAD_ATTEMPTS,
      SFTP_CIPHERS,
      SFTP_RETRY_INITIAL_BACKOFF_MS, SFTP_RETRY_MAX_BACKOFF_MS,
      GCS_BUCKET, EXPORT_METADATA_TABLE,
      BIGQUERY_ENDPOINT, BIGQUERY_BILLING_PROJECT, BIGQUERY_MAX_STREAMS, BIGQUERY_PLAINTEXT,
      SERVER_PORT, MAX_CONCURRENT_EXPORTS, MAX_PENDING_RUNS, SHUTDOWN_GRACE_SECONDS, STAGING_DIRECTORY, SPOOL_DIRECTORY, LEDGER_FILE, LEDGER_JOURNAL_FILE,
      LOCK_HEARTBEAT_SECONDS, LOCK_STALE_AFTER_SECONDS,
      DEBUG,
      PUBSUB_SUBSCRIPTION, PUBSUB_EMULATOR_HOST, PUBSUB_MAX_ACK_EXTENSION_SECONDS, PUBSUB_CONFLICT_RETRY_SECONDS,
      TRACE_PROJECT, AUTH_TOKEN, AUTH_TOKEN_FILE, RUN_HISTORY_SIZE, RUN_HISTORY_MINUTES);

  /** Keys of each {@code exports.<name>} entry, in reference order. */
  public static final List<ConfigKey<?>> EXPORT_KEYS = List.of(
      SOURCE_TABLE, COMPRESS, EXPORT_TYPE, DATE_COLUMN, DAYS_LOOKBACK,
      FIELD_DELIMITER, PRINT_HEADER, MAX_FILE_BYTES, FILE_NAME_TEMPLATE, DIRECTORY,
      COMPRESSION_LEVEL, MANIFEST_FILE, DONE_FILE, COLUMNS, ROW_FILTER, IF_EXISTS,
      FORMAT, PGP_PUBLIC_KEY_FILE, PGP_PUBLIC_KEY, PGP_SIGNING_KEY_FILE, PGP_SIGNING_KEY_PASSPHRASE, EXPORT_SFTP);
}
