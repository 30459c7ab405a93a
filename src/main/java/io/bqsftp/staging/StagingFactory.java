package io.bqsftp.staging;

import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.bqsftp.AppVersion;
import io.bqsftp.config.ServiceConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * GCS staging when {@code gcs.bucket} is set (Application Default Credentials), else the local folder.
 * {@code STORAGE_EMULATOR_HOST} (the variable gcloud and the other Google clients honour) points the
 * client at an emulator such as fake-gcs-server: plain HTTP, no credentials.
 */
public final class StagingFactory {
  static final String EMULATOR_HOST = "STORAGE_EMULATOR_HOST";

  private StagingFactory() {}

  public static Staging create(ServiceConfig config) {
    return create(config, System.getenv());
  }

  static Staging create(ServiceConfig config, Map<String, String> env) {
    return config.gcsBucket()
        .<Staging>map(bucket -> new GcsStaging(storage(env), bucket))
        .orElseGet(() -> new LocalStaging(Path.of(config.stagingDirectory())));
  }

  static Storage storage(Map<String, String> env) {
    StorageOptions.Builder options = StorageOptions.newBuilder()
        .setHeaderProvider(FixedHeaderProvider.create("user-agent", AppVersion.userAgent()));
    emulatorHost(env).ifPresent(host -> options
        .setHost(host)
        .setCredentials(NoCredentials.getInstance())
        .setProjectId("emulator"));
    return options.build().getService();
  }

  /** {@code host:port} or a URL; an empty variable counts as unset. */
  static Optional<String> emulatorHost(Map<String, String> env) {
    String value = env.get(EMULATOR_HOST);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String host = value.strip();
    return Optional.of(host.contains("://") ? host : "http://" + host);
  }
}
