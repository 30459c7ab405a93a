package io.bqsftp.bigquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.storage.v1.BigQueryReadClient;
import com.google.cloud.bigquery.storage.v1.ReadSession;
import io.bqsftp.config.BigQueryConfig;
import io.bqsftp.config.TableId;
import io.bqsftp.local.DemoTable;
import io.bqsftp.local.LocalBigQueryServer;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read path of a date_range export on a table that, like BigQuery's with {@code
 * require_partition_filter}, refuses read sessions without a filter on its partition column (the
 * local server honours that as an option), with the date column spelled in another case than the
 * table spells it. Through the production Read API client.
 */
class PartitionFilterReadTest {
  static final TableId TABLE = TableId.parse(DemoTable.DEFAULT_TABLE);
  static final DateWindow WINDOW = DateWindow.lookback(LocalDate.of(2024, 6, 30), 30);

  LocalBigQueryServer server;
  BigQueryReadClient client;
  TableReader reader;

  @BeforeEach
  void start() throws Exception {
    server = LocalBigQueryServer.start(0);
    server.addTable(DemoTable.DEFAULT_TABLE, DemoTable.generate(3_000));
    server.requirePartitionFilter(DemoTable.DEFAULT_TABLE, "event_date");
    client = ReadClientFactory.create(new BigQueryConfig(Optional.of(server.endpoint()), Optional.empty(), 2, true));
    reader = new TableReader(client, Optional.empty());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void anUnfilteredProbeIsRefusedAsBigQueryRefusesIt() {
    assertThatThrownBy(() -> reader.probeDateColumn(TABLE, "event_date"))
        .hasMessageContaining("without a filter over column(s) 'event_date'");
  }

  @Test
  void theProbeRestrictedToTheWindowFindsTheTypeAndTheTablesSpellingOfTheColumn() throws Exception {
    DateColumn column = reader.probeDateColumn(TABLE, "EVENT_Date", WINDOW);
    assertThat(column).isEqualTo(new DateColumn("event_date", DateColumnType.DATE));
    // The untyped window literals are coerced to other column types too (on a table without the requirement).
    server.addTable("demo-project.demo_dataset.open_table", DemoTable.generate(10));
    TableId open = TableId.parse("demo-project.demo_dataset.open_table");
    assertThat(reader.probeDateColumn(open, "event_ts", WINDOW).type()).isEqualTo(DateColumnType.TIMESTAMP);
    assertThat(reader.probeDateColumn(open, "Datetime_Val", WINDOW))
        .isEqualTo(new DateColumn("datetime_val", DateColumnType.DATETIME));
    assertThatThrownBy(() -> reader.probeDateColumn(TABLE, "no_such_column", WINDOW))
        .hasMessageContaining("no_such_column");
  }

  @Test
  void theExportsSessionWithTheProbedColumnReadsOnlyTheWindow() throws Exception {
    DateColumn column = reader.probeDateColumn(TABLE, "EVENT_DATE", WINDOW);
    ReadSession session = reader.createSession(TABLE, Optional.of(column.rowRestriction(WINDOW)), 2);
    var schema = TableReader.schemaOf(session);
    AtomicLong rows = new AtomicLong();
    try (var allocator = new RootAllocator()) {
      for (var stream : session.getStreamsList()) {
        reader.readStream(stream.getName(), schema, allocator, batch -> {
          DateDayVector dates = (DateDayVector) batch.getVector("event_date");
          for (int i = 0; i < batch.getRowCount(); i++) {
            LocalDate day = LocalDate.ofEpochDay(dates.get(i));
            assertThat(day).isBetween(WINDOW.first(), WINDOW.last());
            rows.incrementAndGet();
          }
        });
      }
    }
    assertThat(rows.get()).isPositive().isLessThan(3_000);
  }
}
