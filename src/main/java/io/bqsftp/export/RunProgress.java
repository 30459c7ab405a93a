package io.bqsftp.export;

/** Receives progress of a run while it streams (for status endpoints and metrics). */
public interface RunProgress {
  RunProgress NONE = (rows, csvBytes) -> {};

  /** Called from read threads each time a chunk of rows reached the output. */
  void rowsWritten(long rows, long csvBytes);
}
