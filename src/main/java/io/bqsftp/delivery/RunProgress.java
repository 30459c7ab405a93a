package io.bqsftp.delivery;

/** Receives progress of a run while it streams (for status endpoints and metrics). */
public interface RunProgress {
  RunProgress NONE = (rows, csvBytes) -> {};

  /** Called from read threads each time a chunk of rows reached the output. */
  void rowsWritten(long rows, long csvBytes);

  /** Called for each Arrow batch read from the Read API, with its serialized size. */
  default void bytesRead(long bytes) {}

  /**
   * Called when one upload attempt of a part failed; {@code connectionLost} when the SFTP session
   * broke, rather than the server refusing a request.
   */
  default void uploadFailed(boolean connectionLost) {}
}
