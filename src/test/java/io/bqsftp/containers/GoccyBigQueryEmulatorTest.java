package io.bqsftp.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import io.bqsftp.bigquery.ReadClientFactory;
import io.bqsftp.bigquery.TableReader;
import io.bqsftp.config.BigQueryConfig;
import io.bqsftp.config.TableId;
import io.bqsftp.csv.ArrowCsvEncoder;
import io.bqsftp.csv.CsvFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Tier 3 (Docker, GitHub Actions): the production Read API client and the tolerant Arrow decoder
 * against goccy's BigQuery emulator, which grants one stream and wraps a whole IPC stream in its
 * responses.
 */
@Testcontainers(disabledWithoutDocker = true)
class GoccyBigQueryEmulatorTest {
  private static final String DATA = """
      projects:
        - id: test-project
          datasets:
            - id: shop
              tables:
                - id: products
                  columns:
                    - name: id
                      type: INTEGER
                    - name: name
                      type: STRING
                    - name: modified_date
                      type: DATE
                  data:
                    - id: 1
                      name: plain
                      modified_date: "2025-03-17"
                    - id: 2
                      name: "with,comma"
                      modified_date: "2025-03-16"
      """;

  @Container
  static final GenericContainer<?> EMULATOR =
      new GenericContainer<>(DockerImageName.parse("ghcr.io/goccy/bigquery-emulator:0.6.6"))
          .withCopyToContainer(Transferable.of(DATA), "/data.yaml")
          .withCommand("--project=test-project", "--data-from-yaml=/data.yaml")
          .withExposedPorts(9050, 9060)
          .waitingFor(Wait.forListeningPorts(9050, 9060));

  @Test
  void readsTheTableAsBigQueryCsv() throws Exception {
    var config = new BigQueryConfig(
        Optional.of(EMULATOR.getHost() + ":" + EMULATOR.getMappedPort(9060)), Optional.empty(), 4, true);
    try (BigQueryReadClient client = ReadClientFactory.create(config);
        var allocator = new RootAllocator()) {
      var reader = new TableReader(client, Optional.empty());
      var session = reader.createSession(TableId.parse("test-project.shop.products"), Optional.empty(), 4);
      var schema = TableReader.schemaOf(session);
      var encoder = new ArrowCsvEncoder(schema, CsvFormat.BIGQUERY_DEFAULT);
      var csv = new ByteArrayOutputStream();
      csv.write(encoder.header());
      for (var stream : session.getStreamsList()) {
        reader.readStream(stream.getName(), schema, allocator,
            batch -> encoder.encode(batch, 1 << 20, (bytes, length, rows) -> csv.write(bytes, 0, length)));
      }
      assertThat(csv.toString(StandardCharsets.UTF_8).lines().sorted())
          .containsExactly("1,plain,2025-03-17", "2,\"with,comma\",2025-03-16", "id,name,modified_date");
    }
  }
}
