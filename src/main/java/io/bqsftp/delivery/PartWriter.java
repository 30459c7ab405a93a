package io.bqsftp.delivery;

import io.bqsftp.bus.BusMessages;
import io.bqsftp.bus.CreditedSender;
import io.bqsftp.compress.ParallelGzipOutputStream;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the CSV chunks of all read streams into the export's numbered files. Chunks end on row
 * boundaries, so a part never splits a row; a new part starts when the next chunk would take the
 * current one past {@code maxFileBytes} of CSV text, and every part starts with the header.
 *
 * <p>Each part's gzip (+PGP) output goes on the event bus to one instance of the
 * {@link UploaderPool}, which spools it and streams it to SFTP ({@link PartUploadMessage}): in
 * chunks of {@value #CHUNK_BYTES} bytes with at most {@value #WINDOW} unanswered per part (a
 * {@link CreditedSender} per part), so a part in flight holds at most window x chunk bytes beyond
 * what the uploader has taken. When a part is full its seal is sent and the writer goes on with
 * the next part on another instance while the first seals; {@link #finishing()} completes when
 * every seal was answered.
 *
 * <p>Not thread-safe: use it from ONE Vert.x context (the run's), the one the uploaders' replies
 * come back on, and never block that context waiting for them: {@link #whenWritable} says when
 * to write again. {@link #write} itself never waits for the network (it may wait briefly for
 * deflate).
 */
public final class PartWriter {
  private static final Logger LOG = LoggerFactory.getLogger(PartWriter.class);
  /** Bytes per message to the uploader. */
  public static final int CHUNK_BYTES = 256 * 1024;
  /** Messages of one part unanswered at most (the credit window). */
  public static final int WINDOW = 4;
  // A seal may resend a large part from its spool several times: the run's cancellation, not a
  // reply timeout, is what ends a stuck run.
  private static final long REPLY_TIMEOUT_MILLIS = Duration.ofHours(24).toMillis();
  private static final AtomicLong WRITERS = new AtomicLong();

  private final PartDestination destination;
  private final FileNaming naming;
  private final byte[] header;
  private final long maxFileBytes;
  private final Optional<Gzip> gzip;
  private final Path spoolDirectory;
  private final PartDelivery delivery;
  private final Consumer<PartOutcome> onOutcome;
  private final UploaderPool uploaders;
  private final EventBus bus;
  private final String writerId = "w" + WRITERS.incrementAndGet();
  private Optional<Encryption> encryption = Optional.empty();
  private final List<Future<PartOutcome>> seals = new ArrayList<>();
  private final TreeMap<Integer, PartOutcome> outcomes = new TreeMap<>();
  private OpenPart current;
  private int nextPart;
  private boolean failed;
  private Throwable sendFailure;

  /**
   * Wraps a part's output in an encrypting stream (after gzip, so the bytes sent are ciphertext).
   * Closing the returned stream ends the encrypted message and leaves the output open.
   */
  @FunctionalInterface
  public interface Encryption {
    OutputStream open(OutputStream output, String fileName) throws IOException;
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
      Consumer<PartOutcome> onOutcome,
      UploaderPool uploaders) {
    this.destination = destination;
    this.naming = naming;
    this.header = header;
    this.maxFileBytes = maxFileBytes;
    this.gzip = gzip;
    this.spoolDirectory = spoolDirectory;
    this.delivery = delivery;
    this.onOutcome = onOutcome;
    this.uploaders = uploaders;
    this.bus = uploaders.vertx().eventBus();
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

  /** Writes one chunk of rows; call it again only from {@link #whenWritable}'s action. */
  public void write(byte[] bytes, int length, long rows) throws IOException {
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
   * while the uploader keeps up (the current part has a credit), later when it has fallen behind,
   * and at once after a failure (so the next write reports it). The stage feeding the writer
   * acknowledges a chunk only from here (credit-based backpressure, docs/event-bus.md).
   */
  public void whenWritable(Runnable action) {
    if (current == null || failed || sendFailure != null) {
      action.run();
    } else {
      current.sender.whenCredit(action);
    }
  }

  /**
   * Ends the last part (an export without rows still delivers one file holding the header) and
   * completes, when every part is sealed or staged, with every part's outcome in part order.
   */
  public Future<List<PartOutcome>> finishing() {
    try {
      ensureUsable();
      if (current == null && nextPart == 0) {
        open();
      }
      if (current != null) {
        sealCurrent();
      }
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
    // A chunk the uploader could not take fails its part's seal too; report the chunk's failure.
    return Future.all(List.copyOf(seals)).transform(all -> sendFailure != null ? Future.failedFuture(sendFailure)
        : all.failed() ? Future.failedFuture(all.cause()) : Future.succeededFuture(List.copyOf(outcomes.values())));
  }

  /** The outcomes of the parts whose seal was answered so far, in part order (for failure reports). */
  public List<PartOutcome> outcomes() {
    return List.copyOf(outcomes.values());
  }

  /**
   * Drops the part being written: its uploader aborts the live upload (no half-written file keeps
   * any name) and deletes its spool. A part whose seal is under way and comes back sealed has its
   * temp file removed then.
   */
  public void abort() {
    failed = true;
    if (current != null) {
      OpenPart part = current;
      current = null;
      bus.request(part.address, new PartUploadMessage.Abort(part.id), BusMessages.options(REPLY_TIMEOUT_MILLIS))
          .onComplete(ar -> uploaders.release(part.address));
    }
  }

  private void ensureUsable() throws IOException {
    if (failed) {
      throw new IOException("the export's output already failed");
    }
    if (sendFailure != null) {
      abort();
      throw new IOException(PartDelivery.text(sendFailure), sendFailure);
    }
  }

  private void open() throws IOException {
    int index = nextPart++;
    String name = naming.name(index);
    String address = uploaders.lease();
    String id = writerId + "-" + index;
    var sender = new CreditedSender<PartUploadMessage>(bus, address, WINDOW, REPLY_TIMEOUT_MILLIS);
    var part = new OpenPart(index, id, name, address, sender);
    current = part;
    send(part, new PartUploadMessage.Open(id, name, destination, spoolDirectory, delivery));
    part.raw = new PartSink(CHUNK_BYTES, (chunk, length) -> send(part, new PartUploadMessage.Bytes(id, chunk, length)));
    try {
      part.sink = encryption.isPresent() ? encryption.get().open(part.raw, name) : part.raw;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    part.out = gzip.isPresent()
        ? new ParallelGzipOutputStream(part.sink, gzip.get().level(), gzip.get().blockSize(),
            gzip.get().blocksInFlight(), gzip.get().executor())
        : part.sink;
    try {
      part.out.write(header);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    part.csvBytes = header.length;
  }

  private void send(OpenPart part, PartUploadMessage message) {
    part.sender.send(message).onFailure(e -> {
      if (sendFailure == null) {
        sendFailure = e;
      }
    });
  }

  private void sealCurrent() throws IOException {
    OpenPart part = current;
    try {
      if (part.out instanceof ParallelGzipOutputStream gz) {
        gz.finish();
      }
      if (part.sink != part.raw) {
        part.sink.close(); // ends the encrypted message; the part's output stays open
      }
      part.raw.end();
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    current = null;
    Future<PartOutcome> seal = bus
        .<PartOutcome>request(part.address, new PartUploadMessage.Seal(part.id, part.rows, part.csvBytes),
            BusMessages.options(REPLY_TIMEOUT_MILLIS))
        .map(Message::body)
        .onComplete(ar -> {
          uploaders.release(part.address);
          if (ar.failed()) {
            return;
          }
          PartOutcome outcome = ar.result();
          if (failed) {
            discardLate(part, outcome);
            return;
          }
          outcomes.put(part.index, outcome);
          onOutcome.accept(outcome);
        });
    seals.add(seal);
  }

  /** A part sealed after the writer was aborted can never be committed: its temp file goes. */
  private void discardLate(OpenPart part, PartOutcome outcome) {
    if (outcome.sealed()) {
      LOG.info("{} was sealed after the run broke off: removing {}", outcome.name(), outcome.tempName());
      bus.request(part.address, new PartUploadMessage.DiscardSealed(part.id, destination, outcome.tempName()),
          BusMessages.options(REPLY_TIMEOUT_MILLIS));
    }
  }

  private static final class OpenPart {
    final int index;
    final String id;
    final String name;
    final String address;
    final CreditedSender<PartUploadMessage> sender;
    PartSink raw;
    OutputStream sink; // raw, or an encrypting stream over it
    OutputStream out;
    long csvBytes;
    long rows;

    OpenPart(int index, String id, String name, String address, CreditedSender<PartUploadMessage> sender) {
      this.index = index;
      this.id = id;
      this.name = name;
      this.address = address;
      this.sender = sender;
    }
  }
}
