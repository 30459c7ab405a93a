package io.bqsftp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
