package io.bqsftp.compress;

/** The gzip defaults every command shares: the level and the deflate threads. */
public final class GzipEncoders {
  /** Measured default (docs/compression.md): ISA-L level 1 where it loads. */
  public static final int DEFAULT_LEVEL = 1;

  private GzipEncoders() {}

  /** Threads worth giving to compression: one per core, since deflate is CPU-bound. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }
}
