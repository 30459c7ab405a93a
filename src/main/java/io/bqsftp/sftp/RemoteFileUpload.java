package io.bqsftp.sftp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One file being written on the SFTP server under a temporary name. Partners never see it until
 * {@link #commit()} has verified its size and renamed it to its final name.
 */
public interface RemoteFileUpload extends AutoCloseable {

  /** The stream to write the file's bytes to (pipelined: several writes in flight). */
  OutputStream output();

  /** The final name the file gets on commit. */
  String finalPath();

  /**
   * Flushes and closes the file, checks that the server holds exactly the bytes written, then
   * renames it to its final name, replacing any file of that name. Returns the size.
   */
  long commit() throws IOException;

  /** Closes quietly and removes the temporary file; never throws. Does nothing after commit. */
  void abort();

  /** Same as {@link #abort()} unless committed. */
  @Override
  default void close() {
    abort();
  }
}
