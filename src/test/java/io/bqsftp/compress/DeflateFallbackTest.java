package io.bqsftp.compress;

import static io.bqsftp.compress.ParallelGzipOutputStreamTest.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.bench.CsvSample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where libdeflate is missing, levels 3-9 fall back to the JDK's zlib and say why. Proven in a
 * fresh JVM (the native libraries load once per process) told to load a library that does not
 * exist.
 */
class DeflateFallbackTest {
  @TempDir Path dir;

  @Test
  void missingLibdeflateFallsBackToZlib() throws Exception {
    Path gz = dir.resolve("fallback.csv.gz");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-D" + LibdeflateNative.LIBRARY_PROPERTY + "=libdeflate-missing.so.0",
            "-cp", System.getProperty("java.class.path"), Child.class.getName(), gz.toString()))
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("engine jdk-zlib").contains("libdeflate-missing.so.0");
    assertRoundTrip(Child.data(), Files.readAllBytes(gz));
  }

  /** Writes level 6 to the file named by args[0] and prints the engine and the unavailable reason. */
  public static final class Child {
    static byte[] data() {
      return CsvSample.generate(700_000, 11);
    }

    public static void main(String[] args) throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 6, 64 * 1024, 2, Runnable::run)) {
        gz.write(data());
        System.out.println("engine " + gz.engine().label() + ", libdeflate: " + LibdeflateNative.unavailableReason());
      }
      Files.write(Path.of(args[0]), out.toByteArray());
    }
  }
}
