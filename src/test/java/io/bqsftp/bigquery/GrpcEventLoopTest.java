package io.bqsftp.bigquery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import io.bqsftp.config.BigQueryConfig;
import io.bqsftp.config.TableId;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.LocalBigQueryServer;
import io.bqsftp.support.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Our Read API channels run on our own network threads, which {@link GrpcEventLoop#shutdown} stops:
 * no gRPC thread idles in a selector at exit, where the JVM would wait 300 ms for it.
 */
class GrpcEventLoopTest {

  @Test
  void readSessionsUseOurNetworkThreadsAndShutdownStopsThem() throws Exception {
    try (LocalBigQueryServer server = LocalBigQueryServer.start(0)) {
      server.addTable(DemoTable.DEFAULT_TABLE, DemoTable.generate(10));
      try (BigQueryReadClient client = ReadClientFactory.create(
          new BigQueryConfig(Optional.of(server.endpoint()), Optional.empty(), 1, true))) {
        new TableReader(client, Optional.empty())
            .createSession(TableId.parse(DemoTable.DEFAULT_TABLE), Optional.empty(), 1);
        assertThat(threadsNamed("bqsftp-grpc")).isNotEmpty();
      }
    }
    GrpcEventLoop.shutdown(Duration.ofSeconds(5));
    Poll.value("our gRPC network threads to end", Duration.ofSeconds(5), () -> threadsNamed("bqsftp-grpc"),
        List::isEmpty);
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }
}
