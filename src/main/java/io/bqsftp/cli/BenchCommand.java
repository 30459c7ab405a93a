package io.bqsftp.cli;

import io.bqsftp.compress.GzipEncoders;
import io.bqsftp.config.ConfigLoader;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.EmbeddedSftpServer;
import io.bqsftp.local.LocalBigQueryServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the whole pipeline (Read API → CSV → gzip → SFTP) on generated rows and, on the same CSV
 * bytes in the same session, the yardstick of standard tools: {@code pigz -p2 -6 | ssh 'cat > f'}
 * and {@code gzip -6 | ssh 'cat > f'}. The SFTP target is the OpenSSH server of {@code
 * .ci/start-sshd.sh} when its SFTP_IT_* variables are set (the baseline then logs in as its
 * shell user), else the embedded server (and the baseline compresses to a local file). The local
 * BigQuery server serves the timed runs from cached batches, so they measure this service's work.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark the export pipeline against pigz/gzip + OpenSSH on the same rows.")
public final class BenchCommand implements Callable<Integer> {
  private static final String EXPORT = "bench";

  @Option(names = "--rows", defaultValue = "1000000", description = "Rows of the generated table (default ${DEFAULT-VALUE}).")
  long rows;

  @Option(names = "--streams", defaultValue = "4", description = "Read streams (default ${DEFAULT-VALUE}).")
  int streams;

  @Option(names = "--level", defaultValue = "" + GzipEncoders.DEFAULT_LEVEL,
      description = "gzip level (default ${DEFAULT-VALUE}, as exports' compression_level).")
  int level;

  @Option(names = "--runs", defaultValue = "2", description = "Timed runs of each contender; the best counts (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--table", defaultValue = "all-types",
      description = "Built-in table: all-types (every BigQuery type) or orders (13 typical columns) (default ${DEFAULT-VALUE}).")
  String builtInTable;

  @Option(names = "--schema", description = "Your table's schema (bq show --schema --format=prettyjson); with --rows-file.")
  Path schemaFile;

  @Option(names = "--rows-file", description = "Your table's rows as newline-delimited JSON (bq load style); with --schema.")
  Path rowsFile;

  @Override
  public Integer call() throws Exception {
    var out = new PrintWriter(System.out, true);
    Map<String, String> env = System.getenv();
    Optional<OpenSsh> openssh = OpenSsh.fromEnv(env);
    Path work = Files.createTempDirectory("bqsftp-bench");
    String password = UUID.randomUUID().toString();
    try (LocalBigQueryServer bigquery = LocalBigQueryServer.start(0);
        EmbeddedSftpServer embedded =
            new EmbeddedSftpServer().hostKeyFile(work.resolve("host.ser")).start(Files.createDirectories(work.resolve("root")), "bench", password)) {
      bigquery.addTable(DemoTable.DEFAULT_TABLE, table(work));
      // The first (untimed) export fills the cache: the timed runs then leave the BigQuery side's
      // work (generating and serializing rows) off this machine's cores, as production does.
      bigquery.cacheBatches(Math.max(0, Runtime.getRuntime().maxMemory() / 2));
      JsonObject bq = new JsonObject().put("endpoint", bigquery.endpoint()).put("max_streams", streams);
      JsonObject embeddedSftp = DemoCommand.sftpConfig(embedded, "bench", password);
      JsonObject target = openssh.map(OpenSsh::sftpJson).orElse(embeddedSftp);

      // The CSV text itself, once, for the baselines (and the JIT's warm-up).
      run(config(work, bq, embeddedSftp, false), out);
      Path csv = work.resolve("root").resolve(EXPORT + "_" + LocalDate.now().toString().replace("-", "") + "-000000000000.csv");
      long csvBytes = Files.size(csv);
      out.printf("bench: %s, %,d bytes of CSV; target %s%n", tableDescription(), csvBytes,
          openssh.isPresent() ? "OpenSSH sshd at 127.0.0.1:" + openssh.get().port : "embedded SFTP server");

      Timing pipeline = best(() -> timed(() -> run(config(work, bq, target, true), out)));
      report(out, "pipeline: Read API -> CSV -> gzip -" + level + " -> SFTP", csvBytes, pipeline);
      out.println("bench: pipeline cpu-s by thread (best run): " + pipeline.stages());
      String sink = openssh.map(o -> o.sshCommand() + " 'cat > bench-baseline.csv.gz'").orElse("cat > " + work.resolve("baseline.csv.gz"));
      String where = openssh.isPresent() ? "ssh cat" : "file";
      Timing pigz = best(() -> shell("pigz -p2 -" + level + " < " + csv + " | " + sink, work));
      report(out, "baseline: pigz -p2 -" + level + " | " + where, csvBytes, pigz);
      Timing gzip = best(() -> shell("gzip -" + level + " < " + csv + " | " + sink, work));
      report(out, "baseline: gzip -" + level + " | " + where, csvBytes, gzip);
      out.printf("bench: wall  pipeline / pigz = %.2f, pipeline / gzip = %.2f (higher is better)%n",
          pigz.wall / pipeline.wall, gzip.wall / pipeline.wall);
      out.printf("bench: cpu-s pipeline / pigz = %.2f, pipeline / gzip = %.2f (client CPU; higher is better)%n",
          pigz.cpu / pipeline.cpu, gzip.cpu / pipeline.cpu);
      return 0;
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private JsonObject config(Path work, JsonObject bigquery, JsonObject sftp, boolean compress) {
    return new JsonObject().put("sftp", sftp).put("bigquery", bigquery)
        .put("ledger_file", work.resolve("ledger.jsonl").toString())
        .put("staging_directory", work.resolve("staging").toString())
        .put("exports", new JsonObject().put(EXPORT, new JsonObject()
            .put("source_table", DemoTable.DEFAULT_TABLE).put("export_type", "full")
            .put("compress", compress).put("compression_level", level)
            .put("max_file_bytes", 1_000_000_000_000L)));
  }

  /** The table to export: the user's files, or a built-in one of {@code --rows} rows. */
  private io.bqsftp.local.LocalTable table(Path work) throws Exception {
    if ((schemaFile == null) != (rowsFile == null)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--schema and --rows-file go together");
    }
    if (schemaFile != null) {
      return io.bqsftp.local.JsonLinesTable.load(schemaFile, rowsFile);
    }
    switch (builtInTable) {
      case "all-types":
        return DemoTable.generate(rows);
      case "orders":
        Path dir = work.resolve("orders");
        BenchOrderTable.write(dir, rows);
        return io.bqsftp.local.JsonLinesTable.load(dir.resolve("schema.json"), dir.resolve("rows.jsonl"));
      default:
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--table must be all-types or orders, not \"" + builtInTable + "\"");
    }
  }

  private String tableDescription() {
    return schemaFile != null ? "table " + rowsFile.getFileName() : rows + " rows of the " + builtInTable + " table";
  }

  private void run(JsonObject config, PrintWriter out) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ServiceRuntime runtime = ServiceRuntime.start(vertx, ConfigLoader.fromJson(config, Map.of()), false)) {
      var outcome = RunCommand.report(runtime, new ExportRequest(EXPORT, Optional.of(LocalDate.now())), new PrintWriter(java.io.Writer.nullWriter()));
      if (outcome.exitCode() != 0) {
        throw new IllegalStateException("bench export failed: " + outcome.body().getString("error"));
      }
    }
  }

  /**
   * Wall time and client CPU time of an in-process run: the process's CPU less that of the local
   * BigQuery server's threads (BigQuery's servers do that work in production). gRPC's shared
   * transport threads stay counted, so the figure slightly overstates the client.
   */
  private static Timing timed(ThrowingRunnable body) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime() - serverThreadsCpu();
    long start = System.nanoTime();
    Map<String, Double> stages;
    try (ThreadCpuSampler sampler = new ThreadCpuSampler()) {
      body.run();
      stages = sampler.stop(BenchCommand::stage);
    }
    long used = os.getProcessCpuTime() - serverThreadsCpu() - cpu;
    double threadsTotal = stages.entrySet().stream().filter(e -> !e.getKey().startsWith("["))
        .mapToDouble(Map.Entry::getValue).sum();
    // JIT compiler and GC threads are not Java threads: what the process used beyond them.
    stages.put("JVM (JIT, GC)", Math.max(0, used / 1e9 - threadsTotal));
    StringBuilder text = new StringBuilder();
    stages.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .filter(e -> e.getValue() >= 0.005)
        .forEach(e -> text.append(text.length() == 0 ? "" : ", ").append(String.format("%s %.2f", e.getKey(), e.getValue())));
    return new Timing((System.nanoTime() - start) / 1e9, used / 1e9, text.toString());
  }

  /** Which stage a thread's CPU belongs to, by the thread names the service and libraries use. */
  private static String stage(String thread) {
    if (thread.startsWith("bqsftp-read-")) {
      return "read (gRPC receive, Arrow decode, CSV, gzip hand-off)";
    } else if (thread.startsWith("gzip-")) {
      return "gzip deflate";
    } else if (thread.startsWith("local-bigquery-")) {
      return "[local BigQuery server, not counted]";
    } else if (thread.startsWith("grpc-") || thread.contains("ELG")) {
      return "gRPC/Netty transport (client and local server)";
    } else if (thread.startsWith("sshj") || thread.contains("sftp") || thread.contains("SFTP")) {
      return "ssh/sftp";
    } else if (thread.startsWith("vert.x") || thread.startsWith("bqsftp-")) {
      return "service (Vert.x, export control)";
    } else if (thread.contains("GC") || thread.contains("Compiler") || thread.startsWith("C1") || thread.startsWith("C2")) {
      return "JVM (GC, JIT)";
    }
    return "other: " + thread.replaceAll("[0-9]+", "N");
  }

  /** CPU nanoseconds of the live local-bigquery-N threads (the server's request executor). */
  private static long serverThreadsCpu() {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("local-bigquery-")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /** Wall time and the CPU time of the pipeline's processes (pigz/gzip, ssh), from GNU time. */
  private static Timing shell(String command, Path work) throws Exception {
    Path times = work.resolve("times.txt");
    long start = System.nanoTime();
    Process process = new ProcessBuilder("/usr/bin/time", "-o", times.toString(), "-f", "%U %S",
        "bash", "-o", "pipefail", "-c", command).inheritIO().start();
    if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("baseline failed: " + command);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    String[] lines = Files.readString(times).strip().split("\n");
    String[] userSys = lines[lines.length - 1].trim().split("\\s+");
    return new Timing(wall, Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1]), "");
  }

  /** The run with the least CPU time (the least disturbed by other work on the machine). */
  private Timing best(TimedRun run) throws Exception {
    Timing best = null;
    for (int i = 0; i < runs; i++) {
      Timing t = run.timing();
      if (best == null || t.cpu < best.cpu) {
        best = t;
      }
    }
    return best;
  }

  private static void report(PrintWriter out, String what, long csvBytes, Timing t) {
    out.printf("bench: %-55s %7.2f s %7.2f cpu-s %6.1f MB/s %6.1f MB/cpu-s%n", what, t.wall, t.cpu,
        csvBytes / t.wall / 1e6, csvBytes / t.cpu / 1e6);
  }

  private record Timing(double wall, double cpu, String stages) {}

  @FunctionalInterface
  private interface TimedRun {
    Timing timing() throws Exception;
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** The tier-2 OpenSSH server of .ci/start-sshd.sh, from its SFTP_IT_* variables. */
  private record OpenSsh(String host, int port, String user, String benchUser, String keyFile, String knownHosts, String directory) {
    static Optional<OpenSsh> fromEnv(Map<String, String> env) {
      if (env.get("SFTP_IT_HOST") == null || env.get("SFTP_IT_BENCH_USER") == null) {
        return Optional.empty();
      }
      return Optional.of(new OpenSsh(env.get("SFTP_IT_HOST"), Integer.parseInt(env.get("SFTP_IT_PORT")),
          env.get("SFTP_IT_USER"), env.get("SFTP_IT_BENCH_USER"), env.get("SFTP_IT_KEY_FILE"),
          env.get("SFTP_IT_KNOWN_HOSTS"), env.get("SFTP_IT_DIRECTORY")));
    }

    JsonObject sftpJson() {
      return new JsonObject().put("host", host).put("port", port).put("username", user)
          .put("private_key_file", keyFile).put("known_hosts_file", knownHosts).put("directory", directory);
    }

    String sshCommand() {
      return "ssh -p " + port + " -i " + keyFile + " -o UserKnownHostsFile=" + knownHosts
          + " -o BatchMode=yes " + benchUser + "@" + host;
    }
  }
}
