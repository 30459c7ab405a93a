package io.bqsftp.staging;

import com.google.cloud.storage.StorageOptions;
import io.bqsftp.config.ServiceConfig;
import java.nio.file.Path;

/** GCS staging when {@code gcs.bucket} is set (Application Default Credentials), else the local folder. */
public final class StagingFactory {
  private StagingFactory() {}

  public static Staging create(ServiceConfig config) {
    return config.gcsBucket()
        .<Staging>map(bucket -> new GcsStaging(StorageOptions.getDefaultInstance().getService(), bucket))
        .orElseGet(() -> new LocalStaging(Path.of(config.stagingDirectory())));
  }
}
