package io.bqsftp.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.ChildJvm;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix, BigQuery's side, through the whole runner and a real {@code local-bigquery}
 * process: every read stream fails mid-way with UNAVAILABLE (the client resumes at the right
 * offset: the set lands with every row once), then with a non-retryable INVALID_ARGUMENT (the
 * re-run fails and the previous set stays), then the next run lands.
 */
class ReadApiFaultTest {
  private static final Pattern ENDPOINT = Pattern.compile("listening on (\\S+)");

  @RegisterExtension final MatrixRecorder recorder = new MatrixRecorder();
  @TempDir Path dir;
  FaultRig rig;
  IdTable table;
  final List<ChildJvm> bigqueries = new ArrayList<>();

  @BeforeEach
  void requireServers() throws Exception {
    FaultRig.assumeTier2();
    table = IdTable.write(dir.resolve("table"), MatrixServers.ROWS);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (ChildJvm bigquery : bigqueries) {
      bigquery.close();
    }
    if (rig != null) {
      rig.close();
    }
  }

  /** A local-bigquery process whose every read stream fails once after 3,000 rows with {@code code}. */
  private String localBigQuery(String name, String code) throws Exception {
    ChildJvm server = ChildJvm.start(dir, name, List.of(), List.of("local-bigquery", "--port", "0",
        "--table", table.tableOption(), "--batch-rows", "500", "--fail-after-rows", "3000", "--fail-code", code));
    bigqueries.add(server);
    server.awaitStdout("Press Ctrl-C", Duration.ofSeconds(60));
    Matcher m = ENDPOINT.matcher(server.stdout());
    assertThat(m.find()).as("endpoint printed\n%s", server.output()).isTrue();
    return m.group(1);
  }

  @Test
  void readStreamsFailMidwayRetryablyThenFatally() throws Exception {
    String flaky = localBigQuery("bigquery-unavailable", "UNAVAILABLE");
    String broken = localBigQuery("bigquery-invalid", "INVALID_ARGUMENT");
    rig = FaultRig.create(dir, "Read API UNAVAILABLE mid-stream, then INVALID_ARGUMENT", table, flaky, recorder);
    Path config = rig.writeConfig();
    Path brokenConfig = rig.writeConfig("broken", c -> c.getJsonObject("bigquery").put("endpoint", broken).put("max_streams", 2));

    JsonObject first = rig.run("run1-unavailable", config, 0);
    assertThat(first.getLong("rows")).isEqualTo(table.rowCount());
    rig.observeComplete("after a run whose streams were all resumed", config);

    JsonObject failed = rig.run("run2-invalid-argument", brokenConfig, 1);
    assertThat(failed.getString("failed_stage")).isEqualTo("bigquery");
    rig.observeStopped("after the re-run failed in BigQuery");
    rig.assertPreviousSetVisible(rig.folder().snapshot(), "after the re-run failed in BigQuery");

    Path twoStreams = rig.writeConfig("streams2", c -> c.getJsonObject("bigquery").put("max_streams", 2));
    rig.run("run3-unavailable", twoStreams, 0);
    rig.observeComplete("after the next run", twoStreams);
  }
}
