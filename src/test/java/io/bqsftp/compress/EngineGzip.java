package io.bqsftp.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.Executor;

/** gzip through ParallelGzipOutputStream in 64 KiB blocks, checking which engine served the level. */
final class EngineGzip {
  static final int BLOCK = 64 * 1024;

  private EngineGzip() {}

  static byte[] gzip(byte[] data, Executor executor, int level, DeflateEngine expected) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level, BLOCK, 4, executor)) {
      assertThat(gz.engine()).isEqualTo(expected);
      gz.write(data);
    }
    return out.toByteArray();
  }
}
