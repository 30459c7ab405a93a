package io.bqsftp.compress;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip encoder that deflates blocks of input in parallel yet writes ONE gzip member, the way
 * pigz does: each block is a raw deflate stream primed with the previous 32 KiB of input as
 * dictionary and ended with a sync flush (byte-aligned, not final), the last one ends with
 * FINISH; one header, one CRC32 over all input, one trailer. The result is an ordinary gzip file
 * that every reader handles, including those that stop after the first member.
 *
 * <p>Threads: the writing thread copies input into the current block; a full block is deflated
 * by a task on the {@code executor}; the writing thread writes compressed blocks downstream in
 * input order. At most {@code maxBlocksInFlight} blocks are submitted and not yet written: when
 * that many are, the writer waits for the oldest. Memory is therefore about
 * {@code (maxBlocksInFlight + 1) x blockSize} of input plus as much again of output, plus one
 * pooled {@link BlockDeflater} per concurrently running task. A direct executor ({@code Runnable::run})
 * makes the stream single-threaded. Not thread-safe: one writing thread at a time.
 *
 * <p>Ending: {@link #finish()} completes the gzip file and leaves {@code downstream} open (and
 * unflushed); {@link #close()} finishes if needed, then closes {@code downstream}.
 *
 * <p>Errors: a failed block task, a rejected submission or a failed downstream write fails the
 * stream. The failure surfaces as an IOException from the write, flush, finish or close that
 * meets it; every later call except {@code close()} is refused with an IOException whose cause
 * is the original failure. {@code close()} of a failed stream releases everything, closes
 * downstream and throws the failure (once).
 */
public final class ParallelGzipOutputStream extends OutputStream {

  /** Measured default: see docs/compression.md. */
  public static final int DEFAULT_BLOCK_SIZE = 256 * 1024;

  /** Deflate's window: the most history a block can refer back to. */
  static final int DICTIONARY_SIZE = 32 * 1024;

  /** Smaller blocks could not carry a full window of dictionary to their successor. */
  public static final int MIN_BLOCK_SIZE = DICTIONARY_SIZE;

  private final OutputStream downstream;
  private final int level;
  private final int blockSize;
  private final int maxBlocksInFlight;
  private final Executor executor;
  private final DeflaterPool deflaters;
  private final CRC32 crc = new CRC32();
  /** Submitted, not yet written downstream; oldest first. */
  private final ArrayDeque<Block> inFlight = new ArrayDeque<>();
  /** Written blocks whose buffers can be reused. */
  private final ArrayDeque<Block> spare = new ArrayDeque<>();

  /** The block being filled; null once finished. */
  private Block current;
  private long uncompressedBytes;
  private long compressedBytes;
  private boolean headerWritten;
  private boolean finished;
  private boolean closed;
  private IOException failure;

  /**
   * @param downstream receives the gzip bytes, one write per compressed block
   * @param level deflate level 1..9 (or {@link Deflater#DEFAULT_COMPRESSION}); 0 stores
   * @param blockSize uncompressed bytes per block, at least {@link #MIN_BLOCK_SIZE}
   * @param maxBlocksInFlight at least 1; about twice the executor's threads keeps them busy
   * @param executor runs the block tasks; may be shared with other streams
   */
  public ParallelGzipOutputStream(
      OutputStream downstream, int level, int blockSize, int maxBlocksInFlight, Executor executor) {
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (level != Deflater.DEFAULT_COMPRESSION && (level < 0 || level > 9)) {
      throw new IllegalArgumentException("level must be 0..9 or -1: " + level);
    }
    if (blockSize < MIN_BLOCK_SIZE) {
      throw new IllegalArgumentException("blockSize must be >= " + MIN_BLOCK_SIZE + ": " + blockSize);
    }
    if (maxBlocksInFlight < 1) {
      throw new IllegalArgumentException("maxBlocksInFlight must be >= 1: " + maxBlocksInFlight);
    }
    this.level = level;
    this.blockSize = blockSize;
    this.maxBlocksInFlight = maxBlocksInFlight;
    this.deflaters = new DeflaterPool(level);
    this.current = new Block(blockSize);
  }

  /** Uncompressed bytes accepted so far. */
  public long uncompressedBytes() {
    return uncompressedBytes;
  }

  /** The deflate implementation this stream's level runs on. */
  public DeflateEngine engine() {
    return deflaters.engine();
  }

  /** Gzip bytes written downstream so far (header, blocks, trailer). */
  public long compressedBytes() {
    return compressedBytes;
  }

  @Override
  public void write(int b) throws IOException {
    ensureWritable();
    if (current.length == blockSize) {
      submitCurrentBlock();
    }
    current.input[current.length++] = (byte) b;
    uncompressedBytes++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureWritable();
    while (len > 0) {
      // Submit lazily, when more input arrives: input of exactly N blocks ends in a FINISH
      // block with data rather than an empty one.
      if (current.length == blockSize) {
        submitCurrentBlock();
      }
      int n = Math.min(len, blockSize - current.length);
      System.arraycopy(b, off, current.input, current.length, n);
      current.length += n;
      uncompressedBytes += n;
      off += n;
      len -= n;
    }
  }

  /**
   * Writes the blocks already compressed and flushes downstream. It does not sync-flush the
   * partly filled current block: that would cost ratio for no benefit to a file upload.
   */
  @Override
  public void flush() throws IOException {
    ensureWritable();
    writeCompletedBlocks();
    try {
      downstream.flush();
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /**
   * Compresses what is left, waits for all blocks, writes them and the trailer. Leaves downstream
   * open and unflushed. Idempotent; writes after it are refused.
   */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    ensureWritable();
    Block last = current;
    current = null;
    last.last = true;
    submit(last);
    while (!inFlight.isEmpty()) {
      writeOldestBlock();
    }
    writeHeaderIfNeeded();
    writeDownstream(GzipFormat.trailer(crc.getValue(), uncompressedBytes));
    finished = true;
    release();
  }

  /** {@link #finish()} if not yet done, then closes downstream, even after a failure. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    IOException error = null;
    if (failure != null) {
      error = new IOException("gzip stream failed earlier", failure);
    } else {
      try {
        finish();
      } catch (IOException e) {
        error = e;
      }
    }
    closed = true;
    release();
    try {
      downstream.close();
    } catch (IOException e) {
      if (error == null) {
        error = e;
      } else {
        error.addSuppressed(e);
      }
    }
    if (error != null) {
      throw error;
    }
  }

  private void ensureWritable() throws IOException {
    if (failure != null) {
      throw new IOException("gzip stream failed earlier", failure);
    }
    if (finished || closed) {
      throw new IOException("gzip stream already " + (closed ? "closed" : "finished"));
    }
  }

  /** Hands the full current block to the executor and starts the next one. */
  private void submitCurrentBlock() throws IOException {
    Block full = current;
    Block next = spare.isEmpty() ? new Block(blockSize) : spare.poll();
    // The next block's dictionary is the tail of this one: copied now, so this block's buffer
    // can be recycled as soon as its own output is written.
    int dictionaryLength = Math.min(DICTIONARY_SIZE, full.length);
    System.arraycopy(full.input, full.length - dictionaryLength, next.dictionary, 0, dictionaryLength);
    next.dictionaryLength = dictionaryLength;
    current = next;
    submit(full);
    writeCompletedBlocks();
  }

  private void submit(Block block) throws IOException {
    while (inFlight.size() >= maxBlocksInFlight) {
      writeOldestBlock();
    }
    crc.update(block.input, 0, block.length);
    block.task = new FutureTask<>(block::compress, null);
    inFlight.add(block);
    try {
      executor.execute(block.task);
    } catch (RuntimeException e) {
      throw fail(new IOException("gzip block rejected by executor", e));
    }
  }

  /** Writes the oldest blocks as long as they are done, without waiting. */
  private void writeCompletedBlocks() throws IOException {
    while (!inFlight.isEmpty() && inFlight.peek().task.isDone()) {
      writeOldestBlock();
    }
  }

  /** Waits for the oldest block, writes it downstream and recycles its buffers. */
  private void writeOldestBlock() throws IOException {
    Block oldest = inFlight.peek();
    try {
      oldest.task.get();
    } catch (ExecutionException e) {
      throw fail(new IOException("gzip block compression failed", e.getCause()));
    } catch (CancellationException e) {
      throw fail(new IOException("gzip block task was cancelled", e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted waiting for gzip block");
      interrupted.initCause(e);
      throw fail(interrupted);
    }
    writeHeaderIfNeeded();
    writeDownstream(oldest.output.bytes, oldest.outputLength);
    inFlight.poll();
    oldest.recycle();
    spare.add(oldest);
  }

  private void writeHeaderIfNeeded() throws IOException {
    if (!headerWritten) {
      writeDownstream(GzipFormat.header(level));
      headerWritten = true;
    }
  }

  private void writeDownstream(byte[] bytes) throws IOException {
    writeDownstream(bytes, bytes.length);
  }

  private void writeDownstream(byte[] bytes, int length) throws IOException {
    try {
      downstream.write(bytes, 0, length);
    } catch (IOException e) {
      throw fail(e);
    }
    compressedBytes += length;
  }

  /** Records the first failure, drops queued work, and returns the exception to throw. */
  private IOException fail(IOException e) {
    if (failure == null) {
      failure = e;
    }
    for (Block block : inFlight) {
      block.task.cancel(false); // running tasks finish on their own; queued ones never start
    }
    inFlight.clear();
    release();
    return e;
  }

  /** Frees the buffers and the pooled Deflaters; late tasks end their Deflater themselves. */
  private void release() {
    spare.clear();
    deflaters.close();
  }

  /** One block's input, the dictionary it is primed with, and its compressed output. */
  private final class Block {
    final byte[] input;
    final byte[] dictionary = new byte[DICTIONARY_SIZE];
    int length;
    int dictionaryLength;
    boolean last;
    /** Grown by the task if the data does not compress; kept grown for reuse. */
    final BlockDeflater.Output output;
    int outputLength;
    FutureTask<Void> task;

    Block(int size) {
      input = new byte[size];
      // Deflate's worst case is a few bytes per 16 KiB stored block plus the flush marker.
      output = new BlockDeflater.Output(size + (size >>> 10) + 64);
    }

    /** Runs on an executor thread; writes only this block's fields. */
    void compress() {
      BlockDeflater deflater = deflaters.borrow();
      try {
        outputLength = deflater.deflate(dictionary, dictionaryLength, input, length, last, output);
      } finally {
        deflaters.release(deflater);
      }
    }

    void recycle() {
      length = 0;
      dictionaryLength = 0;
      outputLength = 0;
      last = false;
      task = null;
    }
  }
}
