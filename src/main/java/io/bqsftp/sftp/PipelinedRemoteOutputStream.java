package io.bqsftp.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import net.schmizz.sshj.sftp.RemoteFile;

/**
 * Writes to a remote file with several WRITE requests in flight (throughput is bytes in flight /
 * round-trip time), in pieces of at most one SSH packet: small writes are gathered into a buffer,
 * large ones are split. {@link #flush()} sends buffered bytes without waiting for replies;
 * {@link #drain()} waits until the server confirmed every write. {@link #close()} only flushes:
 * the remote file itself is closed by the upload's commit or abort.
 */
final class PipelinedRemoteOutputStream extends OutputStream {
  /** Largest write piece; also the buffer for small writes. */
  static final int MAX_CHUNK = 32 * 1024;

  private final RemoteFile.RemoteFileOutputStream remote;
  private final byte[] buffer;
  private int count;
  private long accepted;
  private boolean closed;
  private IOException failure;

  /**
   * @param writesInFlight at most this many unconfirmed WRITE requests (1 = wait for each reply)
   * @param remoteMaxPacket the server's maximum SSH channel packet size
   */
  PipelinedRemoteOutputStream(RemoteFile file, int writesInFlight, int remoteMaxPacket) {
    // sshj lets (maxUnconfirmedWrites + 1) requests be outstanding before waiting for the oldest.
    this.remote = file.new RemoteFileOutputStream(0, Math.max(0, writesInFlight - 1));
    int chunk = Math.min(MAX_CHUNK, remoteMaxPacket - file.getOutgoingPacketOverhead());
    if (chunk < 1024) {
      throw new IllegalStateException("server packet size too small: " + remoteMaxPacket);
    }
    this.buffer = new byte[chunk];
  }

  /** Bytes accepted from the caller so far (sent or still buffered). */
  long bytesWritten() {
    return accepted;
  }

  /** The first write failure, if any: the remote file is incomplete then. */
  IOException failure() {
    return failure;
  }

  @Override
  public void write(int b) throws IOException {
    ensureWritable();
    if (count == buffer.length) {
      sendBuffer();
    }
    buffer[count++] = (byte) b;
    accepted++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureWritable();
    accepted += len;
    if (count > 0) {
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
      if (count < buffer.length) {
        return;
      }
      sendBuffer();
    }
    while (len >= buffer.length) {
      send(b, off, buffer.length);
      off += buffer.length;
      len -= buffer.length;
    }
    if (len > 0) {
      System.arraycopy(b, off, buffer, 0, len);
      count = len;
    }
  }

  /** Sends buffered bytes; does not wait for the server to confirm them. */
  @Override
  public void flush() throws IOException {
    ensureNotFailed();
    if (count > 0) {
      sendBuffer();
    }
  }

  /** Sends buffered bytes and waits until the server confirmed every write. */
  void drain() throws IOException {
    flush();
    try {
      remote.flush();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /** Refuses further writes (after commit or abort) without sending anything. */
  void markClosed() {
    closed = true;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      flush();
      closed = true;
    }
  }

  private void sendBuffer() throws IOException {
    send(buffer, 0, count);
    count = 0;
  }

  private void send(byte[] b, int off, int len) throws IOException {
    try {
      remote.write(b, off, len); // copies the bytes into the request packet
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private void ensureWritable() throws IOException {
    if (closed) {
      throw new IOException("upload stream is closed");
    }
    ensureNotFailed();
  }

  private void ensureNotFailed() throws IOException {
    if (failure != null) {
      throw new IOException("an earlier write to the remote file failed: " + failure.getMessage(),
          failure);
    }
  }
}
