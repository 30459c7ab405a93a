package io.bqsftp.ledger;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appending one JSON line to a file that other processes append to as well: the ledger file and the journal. */
final class JsonLinesAppend {
  private JsonLinesAppend() {}

  /** Appends {@code event} as one line under an OS file lock and syncs it to disk. */
  static void append(Path file, JsonObject event) throws IOException {
    byte[] line = (event.encode() + "\n").getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(file.getParent());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      long end = channel.size();
      if (end > 0 && !endsWithNewline(channel, end)) {
        // A writer died mid-line: close its fragment so this line parses on its own.
        end += writeAt(channel, ByteBuffer.wrap(new byte[] {'\n'}), end);
      }
      writeAt(channel, ByteBuffer.wrap(line), end);
      channel.force(false);
    }
  }

  /** Writes all of {@code buffer} at {@code position}; returns the bytes written. */
  static int writeAt(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    int written = 0;
    while (buffer.hasRemaining()) {
      written += channel.write(buffer, position + written);
    }
    return written;
  }

  private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0) == '\n';
  }
}
