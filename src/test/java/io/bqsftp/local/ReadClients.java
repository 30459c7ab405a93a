package io.bqsftp.local;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.BigQueryReadSettings;
import com.google.cloud.bigquery.storage.v1.CreateReadSessionRequest;
import com.google.cloud.bigquery.storage.v1.DataFormat;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;

/** The production Read API client, pointed at a local server the way testing.md prescribes. */
final class ReadClients {
  private ReadClients() {}

  static BigQueryReadClient create(LocalBigQueryServer server) throws IOException {
    BigQueryReadSettings settings = BigQueryReadSettings.newBuilder()
        .setEndpoint(server.endpoint())
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setTransportChannelProvider(BigQueryReadSettings.defaultGrpcTransportProviderBuilder()
            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
            .build())
        .build();
    return BigQueryReadClient.create(settings);
  }

  static String tablePath(String spec) {
    String[] parts = spec.split("\\.");
    return "projects/" + parts[0] + "/datasets/" + parts[1] + "/tables/" + parts[2];
  }

  static CreateReadSessionRequest.Builder sessionRequest(String spec, int maxStreams) {
    return CreateReadSessionRequest.newBuilder()
        .setParent("projects/billing-project")
        .setMaxStreamCount(maxStreams)
        .setReadSession(ReadSession.newBuilder()
            .setTable(tablePath(spec))
            .setDataFormat(DataFormat.ARROW));
  }
}
