package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The image: base images pinned by digest, dependencies in a layer of their own, OCI labels. */
class DockerfileTest {
  private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");

  @Test
  void baseImagesArePinnedByTagAndDigest() throws IOException {
    List<String> images = Files.readAllLines(DOCKERFILE).stream()
        .filter(line -> line.startsWith("ARG BUILD_IMAGE=") || line.startsWith("ARG RUNTIME_IMAGE="))
        .map(line -> line.substring(line.indexOf('=') + 1))
        .toList();
    assertThat(images).hasSize(2)
        .allSatisfy(image -> assertThat(image).matches("[\\w./-]+:[\\w.-]+@sha256:[0-9a-f]{64}"));
  }

  @Test
  void dependenciesAreALayerBeforeTheApplication() throws IOException {
    String text = Files.readString(DOCKERFILE);
    int deps = text.indexOf("COPY --from=build /out/lib/ /app/lib/");
    int app = text.indexOf("COPY --from=build /out/app.jar /app/app.jar");
    assertThat(deps).isPositive();
    assertThat(app).isGreaterThan(deps);
    // The dependency download happens before the sources are copied in, so it caches on pom.xml.
    assertThat(text.indexOf("dependency:copy-dependencies")).isLessThan(text.indexOf("COPY src ./src"));
    assertThat(text).contains("ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=/app/app.jsa\",",
        "\"-cp\", \"/app/app.jar:/app/lib/*\", \"io.bqsftp.Main\"]", "\"-XX:Tier4InvocationThreshold=50000\"",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "USER 10001:10001");
  }

  @Test
  void carriesOciLabels() throws IOException {
    assertThat(Files.readString(DOCKERFILE)).contains("org.opencontainers.image.title=",
        "org.opencontainers.image.version=", "org.opencontainers.image.revision=", "org.opencontainers.image.description=");
  }

  /**
   * The entry point's JIT flags are accepted by this JDK without a word on stdout (which carries
   * the JSON log lines), and each per-method command names a class this JDK has: a renamed class
   * would silently leave the SSH cipher without its CPU intrinsics.
   */
  @Test
  void entryPointJitFlagsStartThisJdkQuietlyAndNameItsClasses() throws Exception {
    String text = Files.readString(DOCKERFILE);
    String entryPoint = text.substring(text.indexOf("ENTRYPOINT"), text.indexOf("CMD [\"serve\"]"));
    List<String> flags = Pattern.compile("\"(-XX:[^\"]+)\"").matcher(entryPoint).results()
        .map(match -> match.group(1))
        .filter(flag -> !flag.startsWith("-XX:SharedArchiveFile"))
        .toList();
    Matcher scaled = Pattern.compile("CompileThresholdScaling,([\\w.]+)::").matcher(entryPoint);
    int commands = 0;
    while (scaled.find()) {
      Class.forName(scaled.group(1), false, ClassLoader.getSystemClassLoader());
      commands++;
    }
    assertThat(commands).isEqualTo(3);

    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.add("-version");
    Process java = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String stdout = new String(java.getInputStream().readAllBytes());
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).isZero();
    assertThat(stdout).isEmpty();
  }
}
