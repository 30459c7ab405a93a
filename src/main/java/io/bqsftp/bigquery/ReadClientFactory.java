package io.bqsftp.bigquery;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.BigQueryReadSettings;
import io.bqsftp.AppVersion;
import io.bqsftp.config.BigQueryConfig;
import java.io.IOException;

/**
 * Builds the production {@link BigQueryReadClient}, identified by {@link AppVersion#userAgent()}. Production uses Google's endpoint and
 * Application Default Credentials; a plaintext endpoint (the embedded server) gets no credentials.
 * The default transport provider is kept in both cases (a hand-built channel would have gRPC's
 * 4 MiB message limit, too small for Read API responses), on our own network threads
 * ({@link GrpcEventLoop}).
 */
public final class ReadClientFactory {
  private ReadClientFactory() {}

  public static BigQueryReadClient create(BigQueryConfig config) throws IOException {
    return BigQueryReadClient.create(settings(config).build());
  }

  /** The settings {@link #create} uses, for callers that tune them (e.g. shorter retries). */
  public static BigQueryReadSettings.Builder settings(BigQueryConfig config) throws IOException {
    var settings = BigQueryReadSettings.newBuilder()
        .setHeaderProvider(FixedHeaderProvider.create("user-agent", AppVersion.userAgent()));
    config.endpoint().ifPresent(settings::setEndpoint);
    boolean plaintext = config.plaintext();
    settings.setTransportChannelProvider(
        BigQueryReadSettings.defaultGrpcTransportProviderBuilder()
            .setChannelConfigurator(builder -> {
              GrpcEventLoop.configure(builder);
              return plaintext ? builder.usePlaintext() : builder;
            })
            .build());
    if (plaintext) {
      settings.setCredentialsProvider(NoCredentialsProvider.create());
    }
    return settings;
  }
}
