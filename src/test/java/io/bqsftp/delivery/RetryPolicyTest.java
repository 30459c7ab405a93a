package io.bqsftp.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.bqsftp.config.ConfigLoader;
import io.bqsftp.config.Secret;
import io.bqsftp.config.ServiceConfig;
import io.bqsftp.config.SftpConfig;
import io.bqsftp.contract.ExportResult;
import io.bqsftp.recovery.RecoveryServices;
import io.bqsftp.recovery.RetryReport;
import io.bqsftp.recovery.RunRetry;
import io.bqsftp.service.ExportEngine;
import io.bqsftp.sftp.RemoteFileUpload;
import io.bqsftp.sftp.RemoteFolder;
import io.bqsftp.sftp.SftpConnectionPool;
import io.bqsftp.staging.LocalStaging;
import io.bqsftp.support.LocalStack;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.SFTPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One retry policy for the live run and for {@code retry}: real failures of MINA and OpenSSH are
 * classified by {@link RetryPolicy#permanent}, and {@link PartDelivery} and {@code RunRetry} make
 * the same number of attempts for the same failure (one for a permanent one, all three otherwise).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RetryPolicyTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);
  static final String EXPORT = "all";
  static final int ATTEMPTS = 3;
  static final Pattern ATTEMPTS_TEXT = Pattern.compile("after (\\d+) attempt\\(s\\)");

  @TempDir static Path dir;
  static LocalStack stack;
  static ServiceConfig config;
  static ExportEngine engine;

  /** A run whose parts were staged (writes refused), so that {@code retry} has files to send. */
  @BeforeAll
  static void failedRunWithStagedParts() throws Exception {
    stack = LocalStack.start(dir, 2_000);
    JsonObject json = stack.configJson(Map.of(EXPORT, LocalStack.fullExport().put("compress", false)));
    json.getJsonObject("sftp").put("upload_attempts", ATTEMPTS).put("retry_initial_backoff_ms", 1)
        .put("retry_max_backoff_ms", 2);
    config = ConfigLoader.fromJson(json, Map.of());
    engine = stack.engine(config);
    stack.sftp.refuseWrites(true);
    ExportResult result = engine.run(RunPlan.of(config.export(EXPORT).orElseThrow(), DATE), RunProgress.NONE);
    stack.sftp.clearFaults();
    assertThat(result.staged()).as(result.toJson().encodePrettily()).isNotEmpty();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @AfterEach
  void clearFaults() {
    stack.sftp.clearFaults();
  }

  // ---- the same failure, both paths ----

  @Test
  void aServerFailureIsRetriedByBothPaths() throws Exception {
    stack.sftp.refuseWrites(true);
    try (SftpConnectionPool pool = new SftpConnectionPool(config.sftp())) {
      assertThat(liveAttempts(pool, "/outbound")).isEqualTo(ATTEMPTS);
      assertThat(retryAttempts(pool)).isEqualTo(ATTEMPTS);
    }
  }

  @Test
  void permissionDeniedByMinaStopsBothPathsAtOnce() throws Exception {
    stack.sftp.denyWrites(true);
    try (SftpConnectionPool pool = new SftpConnectionPool(config.sftp())) {
      assertThat(liveAttempts(pool, "/outbound")).isEqualTo(1);
      assertThat(retryAttempts(pool)).isEqualTo(1);
    }
  }

  /** OpenSSH's chroot root belongs to root: the export's folder can be neither found nor made. */
  @Test
  void aFolderOpenSshWillNotCreateStopsBothPathsAtOnce() throws Exception {
    SftpConfig openSsh = openSsh();
    try (SftpConnectionPool pool = new SftpConnectionPool(openSsh)) {
      assertThat(liveAttempts(pool, "/names-denied-" + UUID.randomUUID())).isEqualTo(1);
      // retry uploads into the export's /outbound, which the chroot root does not have either
      assertThat(retryAttempts(pool)).isEqualTo(1);
    }
  }

  // ---- failures of the connection: classified, and the live path stops (or not) accordingly ----
  // (retry reads the commit journal over the same connection before it uploads, so there these
  // failures end the retry before its upload loop.)

  @Test
  void aRejectedHostKeyIsPermanent() throws Exception {
    SftpConfig wrongKey = withFingerprint(config.sftp(), "SHA256:" + "A".repeat(43));
    try (SftpConnectionPool pool = new SftpConnectionPool(wrongKey)) {
      assertThat(RetryPolicy.permanent(failureOf(() -> new RemoteFolder(pool, "/outbound").list()))).isTrue();
      assertThat(liveAttempts(pool, "/outbound")).isEqualTo(1);
    }
  }

  @Test
  void refusedCredentialsArePermanent() throws Exception {
    SftpConfig wrongPassword = withPassword(config.sftp(), "not-the-password");
    try (SftpConnectionPool pool = new SftpConnectionPool(wrongPassword)) {
      assertThat(RetryPolicy.permanent(failureOf(() -> new RemoteFolder(pool, "/outbound").list()))).isTrue();
      assertThat(liveAttempts(pool, "/outbound")).isEqualTo(1);
    }
  }

  @Test
  void aRefusedConnectionIsRetried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (SftpConnectionPool pool = new SftpConnectionPool(withPort(config.sftp(), closedPort))) {
      assertThat(RetryPolicy.permanent(failureOf(() -> new RemoteFolder(pool, "/outbound").list()))).isFalse();
      assertThat(liveAttempts(pool, "/outbound")).isEqualTo(ATTEMPTS);
    }
  }

  /** A missing folder may be made again (RemoteFolder creates it on the next upload): retried. */
  @Test
  void noSuchFolderIsRetried() throws Exception {
    try (SSHClient ssh = new SSHClient()) {
      ssh.addHostKeyVerifier(stack.sftp.hostKeyFingerprint());
      ssh.connect(stack.sftp.host(), stack.sftp.port());
      ssh.authPassword("partner", LocalStack.PASSWORD);
      try (SFTPClient sftp = ssh.newSFTPClient()) {
        Throwable missing = failureOf(() -> sftp.open("/no-such-folder/x.csv",
            EnumSet.of(OpenMode.WRITE, OpenMode.CREAT)).close());
        assertThat(missing).hasMessageContaining("No such file");
        assertThat(RetryPolicy.permanent(missing)).isFalse();
      }
    }
  }

  @Test
  void attemptsAndBackoffComeFromTheDeliveryConfig() throws Exception {
    List<Duration> waits = new ArrayList<>();
    var policy = new RetryPolicy(config.delivery(), waits::add);
    IOException transientFailure = new IOException("connection reset");
    assertThat(policy.attempts()).isEqualTo(ATTEMPTS);
    assertThat(policy.tryAgain(1, transientFailure)).isTrue();
    assertThat(policy.tryAgain(ATTEMPTS, transientFailure)).isFalse();
    assertThat(policy.tryAgain(1, new IOException("wrapped", new IllegalArgumentException("bad name")))).isFalse();
    policy.awaitAttempt(1);
    policy.awaitAttempt(2);
    policy.awaitAttempt(3);
    assertThat(waits).containsExactly(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(2));
  }

  // ---- the two paths ----

  /** One part through PartDelivery, as PartWriter hands it over; the attempts its outcome reports. */
  private int liveAttempts(SftpConnectionPool pool, String folder) throws Exception {
    PartDestination destination = PartDestination.of(new RemoteFolder(pool, folder));
    List<Duration> waits = new ArrayList<>();
    var delivery = new PartDelivery(destination, config.delivery(), new LocalStaging(dir.resolve("live-staging")),
        EXPORT, DATE, waits::add, RunProgress.NONE);
    String name = "live-" + UUID.randomUUID() + ".csv";
    RemoteFileUpload live = null;
    Exception openFailure = null;
    try {
      live = destination.open(name);
    } catch (IOException | RuntimeException e) {
      openFailure = e;
    }
    var spool = new PartSpool(dir.resolve("live-spool"), name, live, openFailure);
    spool.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
    PartOutcome outcome = delivery.deliver(name, 1, 8, spool.finish());
    assertThat(outcome.sealed()).as("%s was sealed", name).isFalse();
    String error = outcome.staged("sftp://test").error();
    int attempts = attemptsIn(error);
    assertThat(waits).as("waits between the attempts: %s", error).hasSize(attempts - 1);
    return attempts;
  }

  /** {@code retry} of the staged run, uploading over {@code pool}; the attempts its failed files report. */
  private int retryAttempts(SftpConnectionPool pool) throws Exception {
    var recovery = engine.recovery();
    try (var services = new RecoveryServices(config, recovery.ledger(), recovery.staging(), pool, engine.vertx())) {
      RetryReport report = new RunRetry(services, Clock.systemUTC()).retry(EXPORT, DATE);
      List<Integer> attempts = report.files().stream()
          .filter(f -> f.result().equals("failed"))
          .map(f -> attemptsIn(f.error().orElseThrow()))
          .distinct()
          .toList();
      assertThat(attempts).as(report.toJson().encodePrettily()).hasSize(1);
      return attempts.get(0);
    }
  }

  private static int attemptsIn(String error) {
    Matcher m = ATTEMPTS_TEXT.matcher(error);
    assertThat(m.find()).as("attempts in \"%s\"", error).isTrue();
    return Integer.parseInt(m.group(1));
  }

  interface Action {
    void run() throws Exception;
  }

  private static Throwable failureOf(Action action) {
    try {
      action.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected a failure");
  }

  // ---- configurations ----

  private static SftpConfig openSsh() {
    Map<String, String> env = System.getenv();
    assumeThat(env.get("SFTP_IT_HOST")).as("OpenSSH test server (SFTP_IT_* from .ci/run)").isNotNull();
    return sftp(env.get("SFTP_IT_HOST"), Integer.parseInt(env.get("SFTP_IT_PORT")), env.get("SFTP_IT_USER"),
        env.get("SFTP_IT_PASSWORD"), env.get("SFTP_IT_FINGERPRINT"));
  }

  private static SftpConfig withFingerprint(SftpConfig c, String fingerprint) {
    return sftp(c.host(), c.port(), c.username(), LocalStack.PASSWORD, fingerprint);
  }

  private static SftpConfig withPassword(SftpConfig c, String password) {
    return sftp(c.host(), c.port(), c.username(), password, c.hostKeyFingerprint().orElseThrow());
  }

  private static SftpConfig withPort(SftpConfig c, int port) {
    return sftp(c.host(), port, c.username(), LocalStack.PASSWORD, c.hostKeyFingerprint().orElseThrow());
  }

  private static SftpConfig sftp(String host, int port, String user, String password, String fingerprint) {
    return new SftpConfig(host, port, user, Optional.of(new Secret(password)), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(fingerprint), false, "/outbound", 2, Duration.ofSeconds(5),
        16, ATTEMPTS, Duration.ofSeconds(10));
  }
}
