package io.bqsftp.delivery;

import io.bqsftp.compress.ParallelGzipOutputStream;
import io.bqsftp.sftp.RemoteFileUpload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the CSV chunks of all read streams into the export's numbered files. Chunks end on row
 * boundaries, so a part never splits a row; a new part starts when the next chunk would take the
 * current one past {@code maxFileBytes} of CSV text, and every part starts with the header.
 * Thread-safe: the read streams call {@link #write} concurrently, and a caller blocks while the
 * SFTP server is slow, which in turn slows ReadRows.
 *
 * <p>Each part's compressed bytes also go to a local spool file ({@link PartSpool}). A failed SFTP
 * upload therefore does not stop the run: the part keeps spooling, and when it is complete
 * {@link PartDelivery} resends it or stages it. Only one part is spooled at a time.
 */
public final class PartWriter {
  private static final Logger LOG = LoggerFactory.getLogger(PartWriter.class);

  private final PartDestination destination;
  private final FileNaming naming;
  private final byte[] header;
  private final long maxFileBytes;
  private final Optional<Gzip> gzip;
  private final Path spoolDirectory;
  private final PartDelivery delivery;
  private final Consumer<PartOutcome> onOutcome;
  private Optional<Encryption> encryption = Optional.empty();
  private final List<PartOutcome> outcomes = new ArrayList<>();
  private OpenPart current;
  private int nextPart;
  private boolean failed;

  /**
   * Wraps a part's spool in an encrypting stream (after gzip, so the bytes sent are ciphertext).
   * Closing the returned stream ends the encrypted message and leaves the spool open.
   */
  @FunctionalInterface
  public interface Encryption {
    OutputStream open(OutputStream spool, String fileName) throws IOException;
  }

  /** Parallel gzip settings: level, block size, blocks in flight and the deflate threads. */
  public record Gzip(int level, int blockSize, int blocksInFlight, Executor executor) {}

  public PartWriter(
      PartDestination destination,
      FileNaming naming,
      byte[] header,
      long maxFileBytes,
      Optional<Gzip> gzip,
      Path spoolDirectory,
      PartDelivery delivery,
      Consumer<PartOutcome> onOutcome) {
    this.destination = destination;
    this.naming = naming;
    this.header = header;
    this.maxFileBytes = maxFileBytes;
    this.gzip = gzip;
    this.spoolDirectory = spoolDirectory;
    this.delivery = delivery;
    this.onOutcome = onOutcome;
  }

  /** Encrypts every part from now on (set before the first write). */
  public PartWriter encrypting(Optional<Encryption> encryption) {
    this.encryption = encryption;
    return this;
  }

  /** The largest chunk the encoders should hand over so that parts stay within the limit. */
  public int maxChunkBytes() {
    long room = Math.max(1, maxFileBytes - header.length);
    return (int) Math.min(1 << 20, room);
  }

  public synchronized void write(byte[] bytes, int length, long rows) throws IOException {
    ensureUsable();
    if (current != null && current.rows > 0 && current.csvBytes + length > maxFileBytes) {
      sealCurrent();
    }
    if (current == null) {
      open();
    }
    try {
      current.out.write(bytes, 0, length);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    current.csvBytes += length;
    current.rows += rows;
  }

  /**
   * Runs {@code action} once the writer can take another chunk without its memory growing: at once
   * while the upload side keeps up, later when it has fallen behind. The stage feeding the writer
   * acknowledges a chunk only from here (credit-based backpressure, docs/event-bus.md).
   */
  public void whenWritable(Runnable action) {
    action.run();
  }

  /** {@link #finish()} as a future: completes when every part is sealed or staged. */
  public io.vertx.core.Future<List<PartOutcome>> finishing() {
    try {
      return io.vertx.core.Future.succeededFuture(finish());
    } catch (IOException | RuntimeException e) {
      return io.vertx.core.Future.failedFuture(e);
    }
  }

  /**
   * Ends the last part. An export without rows still delivers one file holding the header.
   * Returns every part's outcome, in part order.
   */
  public synchronized List<PartOutcome> finish() throws IOException {
    ensureUsable();
    if (current == null && outcomes.isEmpty()) {
      open();
    }
    if (current != null) {
      sealCurrent();
    }
    return List.copyOf(outcomes);
  }

  /** The outcomes of the parts ended so far (for failure reports). */
  public synchronized List<PartOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Drops the part being written: no half-written file keeps any name, its spool is deleted. */
  public synchronized void abort() {
    failed = true;
    if (current != null) {
      current.spool.discard();
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
    RemoteFileUpload upload = null;
    Exception openFailure = null;
    try {
      upload = destination.open(name);
    } catch (IOException | RuntimeException e) {
      // The part is still produced into the spool; delivery retries it when it is complete.
      LOG.info("cannot start the upload of {}, spooling it for a retry: {}", name, e.toString());
      openFailure = e;
    }
    PartSpool spool;
    try {
      spool = new PartSpool(spoolDirectory, name, upload, openFailure);
    } catch (IOException | RuntimeException e) {
      if (upload != null) {
        upload.abort();
      }
      failed = true;
      throw new IOException("cannot create a spool file in " + spoolDirectory + ": " + e.getMessage(), e);
    }
    OutputStream sink;
    try {
      sink = encryption.isPresent() ? encryption.get().open(spool, name) : spool;
    } catch (IOException | RuntimeException e) {
      spool.discard();
      failed = true;
      throw e;
    }
    OutputStream out =
        gzip.isPresent()
            ? new ParallelGzipOutputStream(
                sink,
                gzip.get().level(),
                gzip.get().blockSize(),
                gzip.get().blocksInFlight(),
                gzip.get().executor())
            : sink;
    current = new OpenPart(name, spool, sink, out);
    try {
      out.write(header);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    current.csvBytes = header.length;
  }

  private void sealCurrent() throws IOException {
    OpenPart part = current;
    PartSpool.Spooled spooled;
    try {
      if (part.out instanceof ParallelGzipOutputStream gz) {
        gz.finish();
      }
      if (part.sink != part.spool) {
        part.sink.close(); // ends the encrypted message; the spool stays open
      }
      // Closes the spool file; the live upload is drained when delivery seals it.
      spooled = part.spool.finish();
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    current = null;
    PartOutcome outcome = delivery.deliver(part.name, part.rows, part.csvBytes, spooled);
    outcomes.add(outcome);
    onOutcome.accept(outcome);
  }

  private static final class OpenPart {
    final String name;
    final PartSpool spool;
    final OutputStream sink; // the spool, or an encrypting stream over it
    final OutputStream out;
    long csvBytes;
    long rows;

    OpenPart(String name, PartSpool spool, OutputStream sink, OutputStream out) {
      this.name = name;
      this.spool = spool;
      this.sink = sink;
      this.out = out;
    }
  }
}
