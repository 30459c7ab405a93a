package io.bqsftp.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bqsftp.bench.CsvSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The output must satisfy GNU gzip itself, the reference every partner's tooling agrees with. */
class SystemGzipCompatibilityTest {
  private static ExecutorService pool;

  @TempDir Path dir;

  @BeforeAll
  static void requireGzip() {
    assumeTrue(run(List.of("gzip", "--version"), null).exitCode == 0, "gzip is not installed");
    pool = GzipTestStreams.newPool(2);
  }

  @AfterAll
  static void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 64 * 1024, 64 * 1024 + 1, 2_500_000})
  void gzipTestsDecompressesAndListsOneMember(int size) throws Exception {
    byte[] data = CsvSample.generate(size, 99);
    Path file = dir.resolve("part.csv.gz");
    byte[] gz = gzipTo(file, data, 6);

    assertThat(run(List.of("gzip", "-t", file.toString()), null).exitCode).isZero();

    Result decompressed = run(List.of("gzip", "-dc", file.toString()), null);
    assertThat(decompressed.exitCode).isZero();
    assertThat(decompressed.stdout).isEqualTo(data);

    // gzip -l reads the size from the LAST member's trailer: it matches the whole input only
    // if there is one member (or the other members are empty, which the parser test rules out).
    Result listed = run(List.of("gzip", "-l", file.toString()), null);
    String[] lastLine = new String(listed.stdout, StandardCharsets.US_ASCII).trim().split("\n");
    String[] columns = lastLine[lastLine.length - 1].trim().split("\\s+");
    assertThat(Long.parseLong(columns[0])).isEqualTo(gz.length);
    assertThat(Long.parseLong(columns[1])).isEqualTo(size);
    assertThat(GzipMembers.parse(gz)).hasSize(1);
  }

  /** Levels 1-2 run on ISA-L where it loads: zcat must read them like any other gzip file. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void fastLevelsPassGzipTestAndZcat(int level) throws Exception {
    byte[] data = CsvSample.generate(2_500_000, level);
    Path file = dir.resolve("fast.csv.gz");
    byte[] gz = gzipTo(file, data, level);
    assertThat(run(List.of("gzip", "-t", file.toString()), null).exitCode).isZero();
    Result zcat = run(List.of("zcat", file.toString()), null);
    assertThat(zcat.exitCode).isZero();
    assertThat(zcat.stdout).isEqualTo(data);
    assertThat(GzipMembers.parse(gz)).hasSize(1);
  }

  /**
   * Level 6 runs on libdeflate where it is installed: gzip, zcat and Python (whose
   * {@code zlib.decompress(wbits=31)} reads only the first member) must get every byte.
   */
  @ParameterizedTest
  @ValueSource(ints = {6, 9})
  void libdeflateLevelsPassGzipZcatAndPython(int level) throws Exception {
    byte[] data = CsvSample.generate(2_500_000, level);
    Path file = dir.resolve("libdeflate.csv.gz");
    byte[] gz = gzipTo(file, data, level);
    assertThat(run(List.of("gzip", "-t", file.toString()), null).exitCode).isZero();
    assertThat(run(List.of("zcat", file.toString()), null).stdout).isEqualTo(data);
    assertThat(GzipMembers.parse(gz)).hasSize(1);
    assumeTrue(run(List.of("python3", "--version"), null).exitCode == 0, "python3 is not installed");
    String script = "import sys,zlib,gzip;d=open(sys.argv[1],'rb').read();"
        + "a=zlib.decompress(d,31);b=gzip.decompress(d);assert a==b;sys.stdout.buffer.write(a)";
    Result python = run(List.of("python3", "-c", script, file.toString()), null);
    assertThat(python.exitCode).isZero();
    assertThat(python.stdout).isEqualTo(data);
  }

  /** Gzips {@code data} in 64 KiB blocks on the pool into {@code file}; returns the bytes written. */
  private static byte[] gzipTo(Path file, byte[] data, int level) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level, 64 * 1024, 4, pool)) {
      gz.write(data);
    }
    byte[] gz = out.toByteArray();
    Files.write(file, gz);
    return gz;
  }

  record Result(int exitCode, byte[] stdout) {}

  private static Result run(List<String> command, byte[] stdin) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, new byte[0]); // not installed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, new byte[0]);
    }
  }
}
