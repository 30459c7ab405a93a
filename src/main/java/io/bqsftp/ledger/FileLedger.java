package io.bqsftp.ledger;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local ledger: one JSON object per line, appended and never rewritten.
 *
 * <ul>
 *   <li>Durable: every event is fsynced before the call returns, so an event reported as recorded
 *       survives a crash of the process or the machine.
 *   <li>Crash-tolerant: a writer killed mid-line leaves a torn last line. Readers ignore it and
 *       report it; the next writer first ends it with a newline, so its own line stays whole and
 *       the torn fragment reads as one bad (reported) line.
 *   <li>Shared: appends hold an exclusive OS file lock (other processes) and a per-file monitor
 *       (other threads: a JVM cannot hold two locks on one file), so lines never interleave.
 * </ul>
 *
 * Queries read the whole file: fine for the demo and single-service history; production uses
 * the BigQuery table.
 */
public final class FileLedger implements Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(FileLedger.class);
  private static final ConcurrentMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path file;
  private final Object monitor;
  private volatile List<String> warnings = List.of();

  public FileLedger(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.monitor = MONITORS.computeIfAbsent(this.file, p -> new Object());
  }

  public Path file() {
    return file;
  }

  @Override
  public void runStarted(LedgerEntry run) throws IOException {
    append(LedgerLine.of(run));
  }

  @Override
  public void fileRecorded(FileRecord record) throws IOException {
    append(LedgerLine.of(record));
  }

  @Override
  public void runFinished(LedgerEntry run) throws IOException {
    append(LedgerLine.of(run));
  }

  @Override
  public Optional<LedgerEntry> latestRun(String exportName, LocalDate runDate) throws IOException {
    return LedgerHistory.latestRun(read().runs(), exportName, runDate);
  }

  @Override
  public List<LedgerEntry> runEvents(String exportName) throws IOException {
    return read().runs().stream().filter(r -> r.exportName().equals(exportName)).toList();
  }

  @Override
  public List<FileRecord> files(String runId) throws IOException {
    return LedgerHistory.files(read().files(), runId);
  }

  @Override
  public ExportHistory history(String exportName) throws IOException {
    Contents contents = read();
    return LedgerHistory.history(contents.runs(), contents.files(), exportName);
  }

  @Override
  public List<String> readWarnings() {
    return warnings;
  }

  /** Everything readable in the file, plus what was skipped and why. */
  public record Contents(List<LedgerEntry> runs, List<FileRecord> files, List<String> warnings) {}

  /** Appends one line under both locks (this process's monitor, the OS file lock) and syncs it to disk. */
  void append(JsonObject event) throws IOException {
    synchronized (monitor) {
      JsonLinesAppend.append(file, event);
    }
  }

  /** Reads every complete line under a shared lock; a torn last line and bad lines are reported. */
  public Contents read() throws IOException {
    byte[] bytes;
    synchronized (monitor) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
          FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
        bytes = readAll(channel);
      } catch (NoSuchFileException e) {
        warnings = List.of();
        return new Contents(List.of(), List.of(), List.of());
      }
    }
    List<LedgerEntry> runs = new ArrayList<>();
    List<FileRecord> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String text = new String(bytes, StandardCharsets.UTF_8);
    int start = 0;
    int lineNumber = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      lineNumber++;
      if (end < 0) {
        problems.add(file + " line " + lineNumber + ": incomplete last record ("
            + (text.length() - start) + " characters without a line end, a writer was interrupted); ignored");
        break;
      }
      String line = text.substring(start, end);
      start = end + 1;
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonObject json = new JsonObject(line);
        switch (LedgerLine.kind(json)) {
          case LedgerLine.RUN -> runs.add(LedgerEntry.fromJson(json));
          case LedgerLine.FILE -> files.add(FileRecord.fromJson(json));
          default -> problems.add(file + " line " + lineNumber + ": unknown record type; ignored");
        }
      } catch (RuntimeException e) { // DecodeException, or a record missing a field
        problems.add(file + " line " + lineNumber + ": not a valid record (" + e.getClass().getSimpleName()
            + "); ignored");
      }
    }
    problems.forEach(p -> LOG.warn("ledger: {}", p));
    warnings = List.copyOf(problems);
    return new Contents(runs, files, warnings);
  }

  private static byte[] readAll(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("ledger file too large to read: " + size + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // keep reading
    }
    return buffer.array();
  }
}
