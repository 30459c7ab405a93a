package io.bqsftp.delivery;

import java.io.OutputStream;
import java.util.function.ObjIntConsumer;

/**
 * The end of a part's output stream: gathers the compressed (and maybe encrypted) bytes into
 * chunks of {@code chunkBytes} and hands each full chunk on; {@link #end()} hands on the rest.
 * Each chunk is a fresh array that the receiver owns (it travels by reference on the bus).
 * {@link #flush()} sends nothing: partial chunks would only cost messages.
 */
final class PartSink extends OutputStream {
  private final int chunkBytes;
  private final ObjIntConsumer<byte[]> chunks;
  private byte[] chunk;
  private int used;

  PartSink(int chunkBytes, ObjIntConsumer<byte[]> chunks) {
    this.chunkBytes = chunkBytes;
    this.chunks = chunks;
    this.chunk = new byte[chunkBytes];
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, chunkBytes - used);
      System.arraycopy(b, off, chunk, used, n);
      used += n;
      off += n;
      len -= n;
      if (used == chunkBytes) {
        emit();
      }
    }
  }

  /** Hands on the last, partial chunk (if any). */
  void end() {
    if (used > 0) {
      emit(false);
    }
  }

  private void emit() {
    emit(true);
  }

  private void emit(boolean more) {
    byte[] full = chunk;
    int length = used;
    chunk = more ? new byte[chunkBytes] : null;
    used = 0;
    chunks.accept(full, length);
  }
}
