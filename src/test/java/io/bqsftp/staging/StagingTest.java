package io.bqsftp.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both staging areas behave alike: GCS through the real client on LocalStorageHelper, and the local folder. */
class StagingTest {
  static final LocalDate DATE = LocalDate.of(2025, 3, 17);
  @TempDir Path dir;

  @Test
  void gcsStagesUnderExportAndDateAndReadsBack() throws Exception {
    Storage storage = LocalStorageHelper.getOptions().getService();
    var staging = new GcsStaging(storage, "export-bucket");
    Path part = part(3 * 1024 * 1024 + 17);

    String uri = staging.stage("product_data", DATE, "product_data_20250317-000000000001.csv.gz", part);

    assertThat(uri).isEqualTo("gs://export-bucket/product_data/20250317/product_data_20250317-000000000001.csv.gz");
    assertThat(storage.get(BlobId.of("export-bucket", "product_data/20250317/product_data_20250317-000000000001.csv.gz"))
        .getSize()).isEqualTo(Files.size(part));
    roundTrip(staging, uri, part);
    assertThatThrownBy(() -> staging.open("gs://other-bucket/x")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> staging.open("gs://export-bucket/product_data/20250317/missing")).isInstanceOf(IOException.class);
  }

  @Test
  void localStagesUnderExportAndDateAndReadsBack() throws Exception {
    var staging = new LocalStaging(dir.resolve("staging"));
    Path part = part(100_000);

    String uri = staging.stage("product_data", DATE, "product_data_20250317-000000000000.csv.gz", part);

    assertThat(Path.of(java.net.URI.create(uri)))
        .isEqualTo(dir.resolve("staging/product_data/20250317/product_data_20250317-000000000000.csv.gz").toAbsolutePath());
    roundTrip(staging, uri, part);
    assertThatThrownBy(() -> staging.open(dir.resolve("elsewhere").toUri().toString())).isInstanceOf(IOException.class);
  }

  private void roundTrip(Staging staging, String uri, Path part) throws IOException {
    assertThat(staging.exists(uri)).isTrue();
    try (InputStream in = staging.open(uri)) {
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(part));
    }
    staging.delete(uri);
    assertThat(staging.exists(uri)).isFalse();
    staging.delete(uri); // already gone: not an error
  }

  private Path part(int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return Files.write(dir.resolve("part-" + size), bytes);
  }
}
