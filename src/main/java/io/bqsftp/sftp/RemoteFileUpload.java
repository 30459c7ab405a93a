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
   * Flushes and closes the file and checks that the server holds exactly the bytes written; the
   * file keeps its temp name (renaming the set is the run's commit) and the connection is released.
   */
  SealedFile seal() throws IOException;

  /**
   * {@link #seal()} then rename to the final name at once, replacing any file of that name: for
   * single files outside a run's set. Returns the size.
   */
  long commit() throws IOException;

  /** Closes quietly and removes the temporary file; never throws. Does nothing after seal or commit. */
  void abort();

  /** Same as {@link #abort()} unless committed. */
  @Override
  default void close() {
    abort();
  }
}
