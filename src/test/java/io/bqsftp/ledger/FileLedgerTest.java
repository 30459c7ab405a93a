package io.bqsftp.ledger;

import io.bqsftp.support.Poll;
import io.bqsftp.contract.RunStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerTest {
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);
  static final Instant T0 = Instant.parse("2024-06-30T06:00:00Z");

  @TempDir Path dir;

  static LedgerEntry started(String runId, Instant at) {
    return new LedgerEntry(runId, "sales", DATE, "p.d.sales", "sftp://h/out", RunStatus.RUNNING, 0, at,
        Optional.empty(), Optional.empty(), Optional.empty(), LedgerEntry.STARTED, at);
  }

  static FileRecord file(String runId, String name, FileState state, Instant at) {
    return new FileRecord(runId, "sales", DATE, name, 10, 100, "00ff", state,
        state == FileState.STAGED ? Optional.of("gs://b/sales/20240630/" + name) : Optional.empty(),
        Optional.empty(), at);
  }

  @Test
  void latestRunAndFilesFoldTheEvents() throws Exception {
    var ledger = new FileLedger(dir.resolve("l/exports.jsonl"));
    LedgerEntry first = started("r1", T0);
    ledger.runStarted(first);
    ledger.fileRecorded(file("r1", "a", FileState.LANDED, T0.plusSeconds(1)));
    ledger.fileRecorded(file("r1", "b", FileState.STAGED, T0.plusSeconds(2)));
    ledger.runFinished(first.next(LedgerEntry.FINISHED, RunStatus.FAILED, 10, T0.plusSeconds(3), Optional.of("x"), Optional.of(2)));
    ledger.fileRecorded(file("r1", "b", FileState.STAGED, T0.plusSeconds(2)).next(FileState.LANDED, Optional.empty(), T0.plusSeconds(9)));
    LedgerEntry other = new LedgerEntry("o1", "other", DATE, "p.d.o", "sftp://h/o", RunStatus.SUCCEEDED, 0, T0.plusSeconds(5),
        Optional.empty(), Optional.empty(), Optional.empty(), LedgerEntry.FINISHED, T0.plusSeconds(5));
    ledger.runFinished(other);

    LedgerEntry latest = ledger.latestRun("sales", DATE).orElseThrow();
    assertThat(latest.status()).isEqualTo(RunStatus.FAILED);
    assertThat(latest.fileCount()).contains(2);
    assertThat(latest.errorMessage()).contains("x");
    assertThat(ledger.files("r1")).extracting(FileRecord::fileName, FileRecord::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", FileState.LANDED),
            org.assertj.core.groups.Tuple.tuple("b", FileState.LANDED));
    assertThat(ledger.files("r1").get(1).stagedUri()).contains("gs://b/sales/20240630/b"); // kept as history
    assertThat(ledger.latestRun("sales", DATE.plusDays(1))).isEmpty();

    // A newer run of the same export and date is the latest, whatever the older one did later.
    ledger.runStarted(started("r2", T0.plusSeconds(60)));
    assertThat(ledger.latestRun("sales", DATE).orElseThrow().runId()).isEqualTo("r2");
    assertThat(ledger.readWarnings()).isEmpty();
  }

  @Test
  void aTornLastLineIsIgnoredAndReportedAndTheNextAppendStaysWhole() throws Exception {
    Path path = dir.resolve("exports.jsonl");
    var ledger = new FileLedger(path);
    ledger.runStarted(started("r1", T0));
    String torn = started("r2", T0.plusSeconds(1)).toJson().put("record", "run").encode();
    Files.writeString(path, torn.substring(0, torn.length() / 2), StandardOpenOption.APPEND);

    assertThat(ledger.latestRun("sales", DATE).orElseThrow().runId()).isEqualTo("r1");
    assertThat(ledger.readWarnings()).singleElement().asString().contains("line 2").contains("incomplete last record");

    ledger.runStarted(started("r3", T0.plusSeconds(2)));
    FileLedger.Contents contents = ledger.read();
    assertThat(contents.runs()).extracting(LedgerEntry::runId).containsExactly("r1", "r3");
    assertThat(contents.warnings()).singleElement().asString().contains("line 2").contains("not a valid record");
    assertThat(Files.readAllLines(path)).hasSize(3);
  }

  @Test
  void concurrentWritersNeverInterleaveLines() throws Exception {
    Path path = dir.resolve("exports.jsonl");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      // A ledger object per thread, as separate services in one JVM would have.
      futures.add(pool.submit(() -> {
        var ledger = new FileLedger(path);
        for (int i = 0; i < 50; i++) {
          ledger.fileRecorded(file("r" + thread, "f" + i + "-" + "y".repeat(5000), FileState.LANDED, T0));
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(1, TimeUnit.MINUTES);
    }
    pool.shutdown();
    FileLedger.Contents contents = new FileLedger(path).read();
    assertThat(contents.files()).hasSize(200);
    assertThat(contents.warnings()).isEmpty();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aWriterProcessKilledMidRunLeavesReadableHistory() throws Exception {
    Path path = dir.resolve("exports.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LedgerAppender.class.getName(), path.toString())
        .redirectErrorStream(true).start();
    try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.contains("ready")) {
        // skip log lines
      }
      assertThat(line).as("child ready").isNotNull();
      // Let it write many records (64 KiB each), so that the kill lands in the middle of a stream of appends.
      Poll.until("the child to append 40 records", Duration.ofSeconds(30),
          () -> Files.size(path) > 40L * 64 * 1024);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    var ledger = new FileLedger(path);
    FileLedger.Contents contents = ledger.read();
    assertThat(contents.runs()).isNotEmpty();
    // Every complete line parsed; at most the last one can be torn, and if so it is reported.
    String text = Files.readString(path);
    long completeLines = text.chars().filter(c -> c == '\n').count();
    assertThat(contents.runs().size() + contents.files().size()).isEqualTo(completeLines);
    if (!text.endsWith("\n")) {
      assertThat(contents.warnings()).singleElement().asString().contains("incomplete last record");
    } else {
      assertThat(contents.warnings()).isEmpty();
    }
    // The last run the child started but did not finish reads as running; earlier ones succeeded.
    LedgerEntry last = ledger.latestRun("child", LocalDate.of(2024, 6, 30)).orElseThrow();
    assertThat(last.status()).isIn(RunStatus.RUNNING, RunStatus.SUCCEEDED);
    // And this process can go on appending after the crash.
    ledger.runStarted(started("after-crash", Instant.now()));
    assertThat(ledger.read().runs()).extracting(LedgerEntry::runId).contains("after-crash");
  }
}
