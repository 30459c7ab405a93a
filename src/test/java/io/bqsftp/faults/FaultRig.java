package io.bqsftp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.cli.RunCommand;
import io.bqsftp.cli.VerifyCommand;
import io.bqsftp.support.ChildJvm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;

/**
 * One fault-matrix case: its own folder on the tier-2 OpenSSH server, a config for short timeouts,
 * child JVMs running {@code run}, {@code retry}, {@code verify} and {@code serve} against it, and
 * the checks every case makes, counted for the results table:
 * <ul>
 *   <li>while a run is stopped part-way, or after it failed or was killed: never a partial visible
 *       part, and whenever the done marker is there the visible set is the previous complete set or
 *       holds every row exactly once (without the marker a commit is under way);
 *   <li>once a run or retry finished: the visible parts hold every source row exactly once, the
 *       marker is there, no hidden file is left and {@code verify --json} agrees with the folder.
 * </ul>
 */
final class FaultRig implements AutoCloseable {
  static final String EXPORT = "fm";
  static final String DATE = "2024-07-01";
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
  static final Path CHROOT = Path.of(Optional.ofNullable(System.getenv("SFTP_IT_CHROOT")).orElse("/srv/bq-sftp-it/chroot"));
  private static final Map<String, String> ENV = System.getenv();

  private final String scenario;
  private final Path dir;
  private final IdTable table;
  private final ExportFolder folder;
  private final JsonObject config;
  private final List<ChildJvm> children = new ArrayList<>();
  private RowTally tally = RowTally.NONE;
  private int runs;
  private Snapshot previousComplete;

  private FaultRig(String scenario, Path dir, IdTable table, String bigqueryEndpoint, String parentDirectory) {
    this.scenario = scenario;
    this.dir = dir;
    this.table = table;
    // Unique per case and JVM: other suites and agents share the server.
    String leaf = "fm-" + scenario.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    String remoteDirectory = parentDirectory + "/" + leaf;
    this.folder = new ExportFolder(CHROOT.resolve(remoteDirectory.substring(1)));
    this.config = new JsonObject()
        .put("sftp", new JsonObject()
            .put("host", ENV.get("SFTP_IT_HOST"))
            .put("port", Integer.parseInt(ENV.get("SFTP_IT_PORT")))
            .put("username", ENV.get("SFTP_IT_USER"))
            .put("private_key_file", ENV.get("SFTP_IT_KEY_FILE"))
            .put("known_hosts_file", ENV.get("SFTP_IT_KNOWN_HOSTS"))
            .put("directory", remoteDirectory)
            .put("max_connections", 2)
            .put("connect_timeout_seconds", 3)
            .put("timeout_seconds", 3)
            .put("upload_attempts", 2)
            .put("retry_initial_backoff_ms", 100)
            .put("retry_max_backoff_ms", 500))
        .put("lock", new JsonObject().put("heartbeat_seconds", 1).put("stale_after_seconds", 3))
        .put("bigquery", new JsonObject().put("endpoint", bigqueryEndpoint).put("max_streams", 3))
        .put("ledger_file", dir.resolve("ledger.jsonl").toString())
        .put("staging_directory", dir.resolve("staging").toString())
        .put("spool_directory", dir.resolve("spool").toString())
        .put("exports", new JsonObject().put(EXPORT, new JsonObject()
            .put("source_table", table.name())
            .put("export_type", "full")
            .put("compress", true)
            .put("max_file_bytes", 250_000)
            .put("done_file", "{export_name}_{date}.done")
            .put("manifest_file", "{export_name}_{date}.manifest.json")));
  }

  /** Skips the calling test unless the tier-2 sshd is configured and the tests run as root. */
  static void assumeTier2() {
    Assumptions.assumeTrue(ENV.get("SFTP_IT_HOST") != null && ENV.get("SFTP_IT_KEY_FILE") != null,
        "OpenSSH tier-2 server not configured (SFTP_IT_* unset): run .ci/start-sshd.sh and source its env file");
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "the fault matrix signals sshd's processes and reads its chroot: run as root (.ci/run)");
    Assumptions.assumeTrue(Files.isDirectory(CHROOT.resolve(ENV.get("SFTP_IT_DIRECTORY").substring(1))),
        "the sshd chroot " + CHROOT + " is not on this machine");
  }

  static FaultRig create(Path dir, String scenario, IdTable table, String bigqueryEndpoint, MatrixRecorder recorder)
      throws IOException {
    return create(dir, scenario, table, bigqueryEndpoint, recorder, ENV.get("SFTP_IT_DIRECTORY"));
  }

  /** As above, the export's folder created under {@code parentDirectory} (an absolute path on the server). */
  static FaultRig create(Path dir, String scenario, IdTable table, String bigqueryEndpoint, MatrixRecorder recorder,
      String parentDirectory) throws IOException {
    var rig = new FaultRig(scenario, dir, table, bigqueryEndpoint, parentDirectory);
    rig.createFolder();
    recorder.track(rig);
    return rig;
  }

  /** The partner's folder exists before the first run, owned by the SFTP user, as a partner sets it up. */
  private void createFolder() throws IOException {
    Files.createDirectories(folder.path());
    var users = folder.path().getFileSystem().getUserPrincipalLookupService();
    Files.setOwner(folder.path(), users.lookupPrincipalByName(ENV.get("SFTP_IT_USER")));
    Files.getFileAttributeView(folder.path(), java.nio.file.attribute.PosixFileAttributeView.class)
        .setGroup(users.lookupPrincipalByGroupName(ENV.get("SFTP_IT_USER")));
  }

  /** For a first run into a folder nobody created yet (the service creates it). */
  void removeFolder() throws IOException {
    Files.delete(folder.path());
  }

  String scenario() {
    return scenario;
  }

  int runs() {
    return runs;
  }

  RowTally tally() {
    return tally;
  }

  ExportFolder folder() {
    return folder;
  }

  /** Writes the config (with {@code change} applied to a copy) and returns its file. */
  Path writeConfig(String name, Consumer<JsonObject> change) throws IOException {
    JsonObject copy = config.copy();
    change.accept(copy);
    return Files.writeString(dir.resolve(name + ".config.json"), copy.encodePrettily());
  }

  Path writeConfig() throws IOException {
    return writeConfig("base", c -> {});
  }

  /** Starts {@code run} for the case's export and date; {@code faultPoint} e.g. "part.sealed:2" or null. */
  ChildJvm startRun(String name, Path configFile, String faultPoint) throws IOException {
    runs++;
    return start(name, faultPoint, "run", "--export", EXPORT, "--date", DATE, "--config", configFile.toString());
  }

  ChildJvm startRetry(String name, Path configFile) throws IOException {
    runs++;
    return start(name, null, "retry", "--export", EXPORT, "--date", DATE, "--config", configFile.toString());
  }

  /** The run's lock files in the folder now. */
  List<String> locks() throws IOException {
    return folder.snapshot().hidden().stream().filter(n -> n.contains(".lock")).toList();
  }

  /** Starts {@code serve} (its port in the config). */
  ChildJvm startServe(String name, Path configFile) throws IOException {
    return start(name, null, "serve", "--config", configFile.toString());
  }

  private ChildJvm start(String name, String faultPoint, String... args) throws IOException {
    List<String> props = faultPoint == null ? List.of() : List.of("bqsftp.fault_point=" + faultPoint);
    ChildJvm child = ChildJvm.start(dir, name, props, Arrays.asList(args));
    children.add(child);
    return child;
  }

  /** Runs the export to its end and returns its summary, failing unless it exits with {@code expectedExit}. */
  JsonObject run(String name, Path configFile, int expectedExit) throws Exception {
    ChildJvm child = startRun(name, configFile, null);
    int exit = child.awaitExit(RUN_TIMEOUT);
    assertThat(exit).as("%s exit code\n%s", name, child.output()).isEqualTo(expectedExit);
    return summary(child);
  }

  JsonObject retry(String name, Path configFile, int expectedExit) throws Exception {
    ChildJvm child = startRetry(name, configFile);
    int exit = child.awaitExit(RUN_TIMEOUT);
    assertThat(exit).as("%s exit code\n%s", name, child.output()).isEqualTo(expectedExit);
    return summary(child);
  }

  /** The JSON a finished child printed on stdout. */
  static JsonObject summary(ChildJvm child) {
    String out = child.stdout().trim();
    assertThat(out).as("%s printed its JSON summary\n%s", child.name(), child.output()).startsWith("{");
    return new JsonObject(out);
  }

  /**
   * A run that is not faulted (the first run of a case, setting up the previous set) through
   * picocli in this JVM, which is warm: seconds faster than a child JVM. Fails unless it exits 0.
   */
  JsonObject runInProcess(Path configFile) throws Exception {
    runs++;
    var printed = cli(new RunCommand(), "--export", EXPORT, "--date", DATE, "--config", configFile.toString());
    assertThat(printed.exit()).as("in-process run exit code\n%s", printed.out()).isZero();
    return new JsonObject(printed.out());
  }

  private record Printed(int exit, String out) {}

  /** Runs a command through picocli with its stdout captured (commands print to System.out). */
  private static Printed cli(Object command, String... args) {
    var out = new ByteArrayOutputStream();
    int exit;
    synchronized (System.class) {
      PrintStream original = System.out;
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        exit = new CommandLine(command).execute(args);
      } finally {
        System.setOut(original);
      }
    }
    return new Printed(exit, out.toString(StandardCharsets.UTF_8).trim());
  }

  /**
   * {@code verify --json} through picocli in this JVM (its stdout captured): its report, and its
   * exit code under "exit".
   */
  JsonObject verify(Path configFile) throws Exception {
    Printed printed = cli(new VerifyCommand(), "--export", EXPORT, "--date", DATE, "--json", "--config", configFile.toString());
    assertThat(printed.out()).as("verify printed its JSON report (exit %s)", printed.exit()).startsWith("{");
    return new JsonObject(printed.out()).put("exit", printed.exit());
  }

  /**
   * A look while a run is stopped (or after it failed or was killed): no visible part may be
   * partial, and whenever the done marker is there the partner must see a complete set: exactly the
   * previous one, or every source row exactly once. (Without the marker a commit is under way.)
   */
  Snapshot observeStopped(String when) throws IOException {
    Snapshot now = folder.snapshot();
    assertThat(now.broken()).as("partial visible parts %s", when).isEmpty();
    if (marker(now).isEmpty()) {
      tally = tally.plus(new RowTally(0, 0, 0, now.broken().size()));
    } else if (previousComplete != null && now.visibleContent().equals(previousComplete.visibleContent())) {
      tally = tally.plus(now.tally(table.rowCount()));
    } else {
      RowTally rows = now.tally(table.rowCount());
      tally = tally.plus(rows);
      assertThat(rows.lost() + rows.duplicated()).as("%s the done marker is there but the visible set %s is neither the "
          + "previous complete set %s nor complete (%s)", when, now.visible(),
          previousComplete == null ? List.of() : previousComplete.visible(), rows).isZero();
    }
    return now;
  }

  /**
   * Waits until the lock of a killed run is stale (lock.stale_after_seconds, 3 s here, since its
   * last heartbeat), as a scheduler retrying later would: a run started earlier must get the
   * conflict, which the concurrency cases check.
   */
  void waitOutKilledRunsLock() throws InterruptedException {
    Thread.sleep(config.getJsonObject("lock").getInteger("stale_after_seconds") * 1000L + 500);
  }

  /**
   * A look at a set that is published but whose run was stopped before its history write: the
   * partner's view must already be complete (rows exactly once, marker there).
   */
  Snapshot observePublished(String when) throws IOException {
    Snapshot now = folder.snapshot();
    RowTally rows = now.tally(table.rowCount());
    tally = tally.plus(rows);
    assertThat(now.broken()).as("partial visible parts %s", when).isEmpty();
    assertThat(rows.lost()).as("source rows missing %s", when).isZero();
    assertThat(rows.duplicated()).as("rows delivered twice %s", when).isZero();
    assertThat(marker(now)).as("done marker %s: %s", when, now.visible()).isPresent();
    return now;
  }

  /** Whether the partner sees exactly the set of the last complete observation. */
  void assertPreviousSetVisible(Snapshot now, String when) {
    assertThat(previousComplete).as("a complete set was observed before").isNotNull();
    assertThat(now.visibleContent()).as("%s the visible files are the previous complete set", when)
        .isEqualTo(previousComplete.visibleContent());
  }

  /**
   * A look once a run or retry finished: the visible parts hold every row exactly once, the marker
   * and manifest are there, nothing hidden is left, and verify agrees.
   */
  Snapshot observeComplete(String when, Path configFile) throws Exception {
    Snapshot now = folder.snapshot();
    RowTally rows = now.tally(table.rowCount());
    tally = tally.plus(rows);
    assertThat(now.broken()).as("partial visible parts %s", when).isEmpty();
    assertThat(rows.lost()).as("source rows missing %s", when).isZero();
    assertThat(rows.duplicated()).as("rows delivered twice %s", when).isZero();
    assertThat(rows.rows()).isEqualTo(table.rowCount());
    assertThat(now.parts()).as("%s parts %s", when, now.parts()).hasSizeGreaterThan(1);
    assertThat(marker(now)).as("done marker %s: %s", when, now.visible()).isPresent();
    assertThat(now.hidden()).as("hidden temp files or locks left %s", when).isEmpty();
    assertVerifyAgrees(now, configFile, when);
    previousComplete = now;
    return now;
  }

  private void assertVerifyAgrees(Snapshot now, Path configFile, String when) throws Exception {
    JsonObject report = verify(configFile);
    assertThat(report.getBoolean("ok")).as("verify ok %s: %s", when, report.encodePrettily()).isTrue();
    assertThat(report.getInteger("exit")).isZero();
    assertThat(names(report.getJsonArray("present"))).as("verify's files %s", when).containsExactlyInAnyOrderElementsOf(now.parts());
    assertThat(report.getJsonArray("missing")).isEmpty();
    assertThat(report.getJsonArray("wrong_size")).isEmpty();
    assertThat(names(report.getJsonArray("unexpected"))).as("verify's unexpected files %s", when)
        .noneMatch(n -> n.endsWith(".csv.gz"));
    assertThat(report.getJsonArray("leftovers")).as("verify's leftovers %s", when).isEmpty();
  }

  private static List<String> names(JsonArray files) {
    return files.stream().map(f -> ((JsonObject) f).getString("name")).toList();
  }

  static Optional<String> marker(Snapshot snapshot) {
    return snapshot.visible().stream().filter(n -> n.endsWith(".done")).findFirst();
  }

  /** The ledger's lines. */
  List<JsonObject> ledger() throws IOException {
    Path file = Path.of(config.getString("ledger_file"));
    if (!Files.exists(file)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    }
  }

  /** Run ids the ledger records as succeeded. */
  List<String> succeededRuns() throws IOException {
    return ledger().stream().filter(r -> "run".equals(r.getString("record")) && "succeeded".equals(r.getString("status")))
        .map(r -> r.getString("export_id")).distinct().toList();
  }

  /** Run ids that recorded files in the ledger. */
  List<String> runsWithFiles() throws IOException {
    return ledger().stream().filter(r -> "file".equals(r.getString("record")))
        .map(r -> r.getString("export_id")).distinct().toList();
  }

  /** Kills the children still running and removes the case's folder from the shared server. */
  @Override
  public void close() throws Exception {
    for (ChildJvm child : children) {
      child.close();
    }
    if (Files.isDirectory(folder.path())) {
      try (Stream<Path> files = Files.walk(folder.path())) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
