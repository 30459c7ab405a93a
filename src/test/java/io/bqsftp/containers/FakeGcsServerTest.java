package io.bqsftp.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.bqsftp.staging.GcsStaging;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Tier 3 (Docker, GitHub Actions): retry staging through the real google-cloud-storage client
 * against fake-gcs-server, including a resumable upload larger than one chunk.
 */
@Testcontainers(disabledWithoutDocker = true)
class FakeGcsServerTest {
  // fake-gcs-server hands out resumable-upload URLs built from its external URL, so the host port
  // must be known before it starts.
  private static final int PORT = 42_443;

  @Container
  @SuppressWarnings("deprecation")
  static final GenericContainer<?> GCS =
      new FixedHostPortGenericContainer<>("fsouza/fake-gcs-server:1.52.2")
          .withFixedExposedPort(PORT, PORT)
          .withCommand("-scheme", "http", "-port", String.valueOf(PORT),
              "-external-url", "http://localhost:" + PORT)
          .waitingFor(Wait.forHttp("/storage/v1/b").forPort(PORT));

  @TempDir Path dir;

  @Test
  void stagedPartsRoundTrip() throws Exception {
    Storage storage = StorageOptions.newBuilder()
        .setHost("http://localhost:" + PORT)
        .setProjectId("test-project")
        .setCredentials(NoCredentials.getInstance())
        .build()
        .getService();
    storage.create(BucketInfo.of("staging-bucket"));
    byte[] part = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(part);
    Path source = Files.write(dir.resolve("part.csv.gz"), part);
    var staging = new GcsStaging(storage, "staging-bucket");

    String uri = staging.stage("product_data", LocalDate.of(2025, 3, 17), "product_data_20250317-000000000000.csv.gz", source);

    assertThat(uri).isEqualTo("gs://staging-bucket/product_data/20250317/product_data_20250317-000000000000.csv.gz");
    assertThat(staging.exists(uri)).isTrue();
    try (InputStream in = staging.open(uri)) {
      assertThat(in.readAllBytes()).isEqualTo(part);
    }
    staging.delete(uri);
    assertThat(staging.exists(uri)).isFalse();
  }
}
