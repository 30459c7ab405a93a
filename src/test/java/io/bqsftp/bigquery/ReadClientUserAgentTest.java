package io.bqsftp.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.UnimplementedException;
import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.BigQueryReadGrpc;
import com.google.cloud.bigquery.storage.v1.CreateReadSessionRequest;
import io.bqsftp.config.BigQueryConfig;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The Read API client built by the factory sends the service's User-Agent. */
class ReadClientUserAgentTest {
  private static final Metadata.Key<String> USER_AGENT =
      Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void userAgentNamesTheService() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    ServerInterceptor recorder = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        seen.set(headers.get(USER_AGENT));
        return next.startCall(call, headers);
      }
    };
    // The generated base class answers UNIMPLEMENTED: only the request's headers matter here.
    Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(ServerInterceptors.intercept(new BigQueryReadGrpc.BigQueryReadImplBase() {}, recorder))
        .build()
        .start();
    try (BigQueryReadClient client = ReadClientFactory.create(
        new BigQueryConfig(Optional.of("127.0.0.1:" + server.getPort()), Optional.empty(), 1, true))) {
      assertThatThrownBy(() -> client.createReadSession(CreateReadSessionRequest.newBuilder()
          .setParent("projects/p").build()))
          .isInstanceOf(UnimplementedException.class);
    } finally {
      server.shutdownNow();
    }
    assertThat(seen.get()).startsWith("bq-sftp-export/");
  }
}
