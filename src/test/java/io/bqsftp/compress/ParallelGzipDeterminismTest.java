package io.bqsftp.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.bench.CsvSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ParallelGzipDeterminismTest {

  @Test
  void oneThreadRunsInlineWithoutAPool() throws Exception {
    byte[] data = CsvSample.generate(1_000_000, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = GzipTestStreams.open(out, 6, null, 1)) {
      gz.write(data);
    }
    assertThat(new GZIPInputStream(new ByteArrayInputStream(out.toByteArray())).readAllBytes())
        .isEqualTo(data);
  }

  @Test
  void severalThreadsUseThePoolAndGiveTheSameBytesAsInline() throws Exception {
    byte[] data = CsvSample.generate(2_000_000, 2);
    ExecutorService pool = GzipTestStreams.newPool(2);
    try {
      ByteArrayOutputStream parallel = new ByteArrayOutputStream();
      try (ParallelGzipOutputStream gz = GzipTestStreams.open(parallel, 6, pool, 2)) {
        gz.write(data);
      }
      ByteArrayOutputStream inline = new ByteArrayOutputStream();
      try (ParallelGzipOutputStream gz = GzipTestStreams.open(inline, 6, null, 1)) {
        gz.write(data);
      }
      // Blocks are deterministic whatever thread compresses them.
      assertThat(parallel.toByteArray()).isEqualTo(inline.toByteArray());
    } finally {
      pool.shutdownNow();
    }
  }
}
