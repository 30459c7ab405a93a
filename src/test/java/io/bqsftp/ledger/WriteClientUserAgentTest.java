package io.bqsftp.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.storage.v1.BigQueryWriteGrpc;
import com.google.cloud.bigquery.storage.v1.ProtoRows;
import io.bqsftp.config.BigQueryConfig;
import io.bqsftp.config.TableId;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The history's Write API calls carry the service's User-Agent. */
class WriteClientUserAgentTest {
  private static final Metadata.Key<String> USER_AGENT =
      Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void appendsNameTheService() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    ServerInterceptor recorder = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        seen.compareAndSet(null, headers.get(USER_AGENT));
        return next.startCall(call, headers);
      }
    };
    // The generated base class answers UNIMPLEMENTED: only the request's headers matter here.
    Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(ServerInterceptors.intercept(new BigQueryWriteGrpc.BigQueryWriteImplBase() {}, recorder))
        .build()
        .start();
    var config = new BigQueryConfig(Optional.of("127.0.0.1:" + server.getPort()), Optional.empty(), 1, true);
    try (var client = BigQueryLedger.writeClient(config);
        var writer = BigQueryLedger.writer(new TableId("p", "d", "t"), LedgerRows.FILE, client)) {
      try {
        writer.append(ProtoRows.getDefaultInstance()).get(30, TimeUnit.SECONDS);
      } catch (ExecutionException expected) {
        // UNIMPLEMENTED: the call was made, which is all this test needs.
      }
    } finally {
      server.shutdownNow();
    }
    assertThat(seen.get()).startsWith("bq-sftp-export/");
  }
}
