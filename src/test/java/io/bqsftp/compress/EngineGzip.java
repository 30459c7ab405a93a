package io.bqsftp.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/** gzip through ParallelGzipOutputStream in 64 KiB blocks, checking which engine served the level. */
final class EngineGzip {
  static final int BLOCK = 64 * 1024;
  /** Daemon threads, shared by the engine tests and gone with the JVM. */
  private static final ExecutorService POOL = GzipTestStreams.newPool(2);

  private EngineGzip() {}

  /** On two pool threads ({@code parallel}) or inline on the caller's thread. */
  static byte[] gzip(byte[] data, boolean parallel, int level, DeflateEngine expected) throws IOException {
    return gzip(data, parallel ? POOL : Runnable::run, level, expected);
  }

  static byte[] gzip(byte[] data, Executor executor, int level, DeflateEngine expected) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level, BLOCK, 4, executor)) {
      assertThat(gz.engine()).isEqualTo(expected);
      gz.write(data);
    }
    return out.toByteArray();
  }
}
