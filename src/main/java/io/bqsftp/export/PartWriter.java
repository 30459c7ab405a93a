package io.bqsftp.export;

import io.bqsftp.compress.ParallelGzipOutputStream;
import io.bqsftp.sftp.RemoteFileUpload;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Turns the CSV chunks of all read streams into the export's numbered files. Chunks end on row
 * boundaries, so a part never splits a row; a new part starts when the next chunk would take the
 * current one past {@code maxFileBytes} of CSV text, and every part starts with the header.
 * Thread-safe: the read streams call {@link #write} concurrently, and a caller blocks while the
 * SFTP server is slow, which in turn slows ReadRows.
 */
public final class PartWriter {
  private final PartDestination destination;
  private final FileNaming naming;
  private final byte[] header;
  private final long maxFileBytes;
  private final Optional<Gzip> gzip;
  private final List<FileReceipt> landed = new ArrayList<>();
  private OpenPart current;
  private int nextPart;
  private boolean failed;

  /** Parallel gzip settings: level, block size, blocks in flight and the deflate threads. */
  public record Gzip(int level, int blockSize, int blocksInFlight, Executor executor) {}

  public PartWriter(
      PartDestination destination, FileNaming naming, byte[] header, long maxFileBytes, Optional<Gzip> gzip) {
    this.destination = destination;
    this.naming = naming;
    this.header = header;
    this.maxFileBytes = maxFileBytes;
    this.gzip = gzip;
  }

  /** The largest chunk the encoders should hand over so that parts stay within the limit. */
  public int maxChunkBytes() {
    long room = Math.max(1, maxFileBytes - header.length);
    return (int) Math.min(1 << 20, room);
  }

  public synchronized void write(byte[] bytes, int length, long rows) throws IOException {
    ensureUsable();
    if (current != null && current.rows > 0 && current.csvBytes + length > maxFileBytes) {
      commitCurrent();
    }
    if (current == null) {
      open();
    }
    try {
      current.out.write(bytes, 0, length);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
    current.csvBytes += length;
    current.rows += rows;
  }

  /**
   * Lands the last part. An export without rows still delivers one file holding the header.
   * Returns every file that landed, in part order.
   */
  public synchronized List<FileReceipt> finish() throws IOException {
    ensureUsable();
    if (current == null && landed.isEmpty()) {
      open();
    }
    if (current != null) {
      commitCurrent();
    }
    return List.copyOf(landed);
  }

  /** The files that landed so far (for progress and for failure reports). */
  public synchronized List<FileReceipt> landed() {
    return List.copyOf(landed);
  }

  /** Removes the part being written, so no half-written file keeps any name. */
  public synchronized void abort() {
    failed = true;
    if (current != null) {
      current.upload.abort();
      current = null;
    }
  }

  private void ensureUsable() throws IOException {
    if (failed) {
      throw new IOException("the export's output already failed");
    }
  }

  private void open() throws IOException {
    String name = naming.name(nextPart++);
    RemoteFileUpload upload = destination.open(name);
    OutputStream out =
        gzip.isPresent()
            ? new ParallelGzipOutputStream(
                upload.output(),
                gzip.get().level(),
                gzip.get().blockSize(),
                gzip.get().blocksInFlight(),
                gzip.get().executor())
            : upload.output();
    current = new OpenPart(name, upload, out);
    try {
      out.write(header);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    current.csvBytes = header.length;
  }

  private void commitCurrent() throws IOException {
    OpenPart part = current;
    try {
      if (part.out instanceof ParallelGzipOutputStream gz) {
        gz.finish();
      } else {
        part.out.flush();
      }
      long bytes = part.upload.commit();
      landed.add(new FileReceipt(part.name, part.upload.finalPath(), part.rows, bytes, part.csvBytes));
      current = null;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  private static final class OpenPart {
    final String name;
    final RemoteFileUpload upload;
    final OutputStream out;
    long csvBytes;
    long rows;

    OpenPart(String name, RemoteFileUpload upload, OutputStream out) {
      this.name = name;
      this.upload = upload;
      this.out = out;
    }
  }
}
