package io.bqsftp.ledger;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local write-ahead journal of export history: every event is appended here (one JSON object
 * per line, fsynced) before anything else, and a cursor file beside it counts the lines already
 * delivered to the ledger proper. Both survive restarts, so nothing recorded is lost while the
 * BigQuery table cannot be written. When every line is delivered the journal is emptied.
 *
 * <p>Appends and cursor moves hold an OS file lock on the journal (other processes on the same
 * disk, such as a {@code retry} next to the service) and this object's monitor (threads).
 */
final class LedgerJournal {
  private final Path file;
  private final Path cursorFile;

  LedgerJournal(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.cursorFile = this.file.resolveSibling(this.file.getFileName() + ".delivered");
  }

  Path file() {
    return file;
  }

  /**
   * Takes the right to deliver this journal, if no other process has it (a {@code retry} or
   * {@code verify} next to the service would otherwise send the same events twice). Close it to
   * give it back; empty: another process delivers.
   */
  Optional<AutoCloseable> tryDeliveryLock() throws IOException {
    Files.createDirectories(file.getParent());
    Path lockFile = file.resolveSibling(file.getFileName() + ".deliver-lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      return Optional.of(() -> {
        lock.release();
        channel.close();
      });
    } catch (java.nio.channels.OverlappingFileLockException e) {
      channel.close();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Appends one event and syncs it to disk. */
  synchronized void append(JsonObject event) throws IOException {
    JsonLinesAppend.append(file, event);
  }

  /** Every event in the journal, delivered or not, in append order (bad lines skipped). */
  synchronized List<JsonObject> all() throws IOException {
    return parse(lines());
  }

  /** One journaled event and the line it is on. */
  record Entry(int line, JsonObject event) {}

  /** The events not yet delivered, in append order. */
  synchronized List<Entry> pending() throws IOException {
    List<String> lines = lines();
    List<Entry> entries = new ArrayList<>();
    for (int i = Math.min(cursor(), lines.size()); i < lines.size(); i++) {
      List<JsonObject> event = parse(List.of(lines.get(i)));
      if (!event.isEmpty()) {
        entries.add(new Entry(i, event.get(0)));
      }
    }
    return entries;
  }

  /** Whether any event waits for delivery. */
  synchronized boolean hasPending() throws IOException {
    return !pending().isEmpty();
  }

  /**
   * Records that every line before {@code line} was delivered (or was no event); when that is the
   * whole journal, empties it.
   */
  synchronized void deliveredThrough(int line) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      int total = lines(channel).size();
      int next = Math.min(total, Math.max(cursor(), line));
      if (next == total) {
        channel.truncate(0);
        channel.force(true);
        writeCursor(0);
      } else {
        writeCursor(next);
      }
    }
  }

  private List<String> lines() throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
      return lines(channel);
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  /** Complete lines only: a torn last line is not an event (yet). */
  private static List<String> lines(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException("ledger journal too large to read: " + size + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    long position = 0;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        break;
      }
      position += n;
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int start = 0;
    int end;
    while ((end = text.indexOf('\n', start)) >= 0) {
      lines.add(text.substring(start, end));
      start = end + 1;
    }
    return lines;
  }

  private static List<JsonObject> parse(List<String> lines) {
    List<JsonObject> events = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        events.add(new JsonObject(line));
      } catch (RuntimeException e) {
        // A torn fragment closed by a later append: not an event.
      }
    }
    return events;
  }

  private int cursor() throws IOException {
    try {
      return Integer.parseInt(Files.readString(cursorFile).strip());
    } catch (NoSuchFileException e) {
      return 0;
    } catch (NumberFormatException e) {
      throw new IOException("ledger journal cursor " + cursorFile + " is damaged", e);
    }
  }

  private void writeCursor(int value) throws IOException {
    Path temp = cursorFile.resolveSibling(cursorFile.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      JsonLinesAppend.writeAt(channel, ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
    }
    try {
      Files.move(temp, cursorFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, cursorFile, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
