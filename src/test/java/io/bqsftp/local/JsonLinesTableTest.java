package io.bqsftp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.storage.v1.ReadSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTableTest {
  private static final String SCHEMA = """
      [
        {"name": "id", "type": "INTEGER", "mode": "REQUIRED"},
        {"name": "f", "type": "FLOAT", "mode": "NULLABLE"},
        {"name": "n", "type": "NUMERIC"},
        {"name": "bn", "type": "BIGNUMERIC"},
        {"name": "b", "type": "BOOLEAN"},
        {"name": "s", "type": "STRING"},
        {"name": "by", "type": "BYTES"},
        {"name": "d", "type": "DATE"},
        {"name": "t", "type": "TIME"},
        {"name": "dt", "type": "DATETIME"},
        {"name": "ts", "type": "TIMESTAMP"},
        {"name": "g", "type": "GEOGRAPHY"},
        {"name": "j", "type": "JSON"},
        {"name": "iv", "type": "INTERVAL"},
        {"name": "rd", "type": "RANGE", "rangeElementType": {"type": "DATE"}},
        {"name": "rts", "type": "RANGE", "rangeElementType": {"type": "TIMESTAMP"}},
        {"name": "tags", "type": "STRING", "mode": "REPEATED"},
        {"name": "nums", "type": "INT64", "mode": "REPEATED"},
        {"name": "rec", "type": "RECORD", "fields": [
          {"name": "a", "type": "INT64"},
          {"name": "inner", "type": "STRUCT", "fields": [{"name": "x", "type": "STRING"}]}
        ]},
        {"name": "items", "type": "RECORD", "mode": "REPEATED", "fields": [
          {"name": "sku", "type": "STRING"}, {"name": "qty", "type": "INT64"}
        ]}
      ]
      """;

  private static final String ROWS = String.join("\n",
      "{\"id\": 1, \"f\": 1.5, \"n\": \"123.456789012\", \"bn\": \"-0.00000000000000000000000000000000000001\","
          + " \"b\": true, \"s\": \"a,\\\"b\\\"\\n\", \"by\": \"AAEC/w==\", \"d\": \"2024-02-29\","
          + " \"t\": \"12:34:56.123456\", \"dt\": \"2024-01-02T03:04:05.5\", \"ts\": \"2025-01-02 03:04:05.123456 UTC\","
          + " \"g\": \"POINT(1 2)\", \"j\": {\"k\": [1, 2.50]}, \"iv\": \"1-2 3 4:5:6.5\","
          + " \"rd\": \"[2024-01-01, UNBOUNDED)\", \"rts\": {\"start\": \"2024-01-01T00:00:00Z\", \"end\": null},"
          + " \"tags\": [\"x\", \"y\"], \"nums\": [1, -2], \"rec\": {\"a\": 7, \"inner\": {\"x\": \"deep\"}},"
          + " \"items\": [{\"sku\": \"A\", \"qty\": 2}, {\"sku\": \"B\"}]}",
      "",
      "{\"id\": 2, \"f\": \"NaN\", \"n\": -0.000000001, \"ts\": \"2025-01-02T03:04:05Z\","
          + " \"iv\": \"P1Y2M3DT4H5M6.5S\", \"b\": \"false\", \"s\": \"\", \"rec\": {\"a\": null}}",
      "{\"ID\": 3, \"ts\": 1735787045.5, \"f\": \"-Infinity\", \"dt\": \"2024-01-02 03:04:05\", \"iv\": \"-0-1 -2 -0:0:0.000001\"}",
      "{\"id\": \"4\", \"ts\": \"2025-01-02 03:04:05+01:00\", \"j\": \"text\", \"n\": 12345678901234567890.1234567891,"
          + " \"bn\": 1E+10, \"rd\": {\"start\": \"2024-01-01\", \"end\": \"2024-02-01\"}}");

  @TempDir
  Path dir;

  private JsonLinesTable load(String schema, String rows) throws IOException {
    Path schemaFile = dir.resolve("schema.json");
    Path rowsFile = dir.resolve("rows.jsonl");
    Files.writeString(schemaFile, schema, StandardCharsets.UTF_8);
    Files.writeString(rowsFile, rows, StandardCharsets.UTF_8);
    return JsonLinesTable.load(schemaFile, rowsFile);
  }

  @Test
  void loadsEveryType() throws IOException {
    JsonLinesTable table = load(SCHEMA, ROWS);
    assertThat(table.rowCount()).isEqualTo(4);
    assertThat(table.columns()).extracting(BqField::type).containsExactly(
        BqType.INT64, BqType.FLOAT64, BqType.NUMERIC, BqType.BIGNUMERIC, BqType.BOOL, BqType.STRING, BqType.BYTES,
        BqType.DATE, BqType.TIME, BqType.DATETIME, BqType.TIMESTAMP, BqType.GEOGRAPHY, BqType.JSON,
        BqType.INTERVAL, BqType.RANGE, BqType.RANGE, BqType.STRING, BqType.INT64, BqType.STRUCT, BqType.STRUCT);

    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(table.schema(), allocator)) {
      table.fill(root, 0, 4);
      assertThat(((BigIntVector) root.getVector("id")).get(3)).isEqualTo(4);

      Float8Vector f = (Float8Vector) root.getVector("f");
      assertThat(f.get(0)).isEqualTo(1.5);
      assertThat(f.get(1)).isNaN();
      assertThat(f.get(2)).isEqualTo(Double.NEGATIVE_INFINITY);
      assertThat(f.isNull(3)).isTrue();

      DecimalVector n = (DecimalVector) root.getVector("n");
      assertThat(n.getObject(0)).isEqualTo(new BigDecimal("123.456789012"));
      assertThat(n.getObject(1)).isEqualTo(new BigDecimal("-0.000000001"));
      assertThat(n.getObject(3)).isEqualTo(new BigDecimal("12345678901234567890.123456789")); // rounded
      Decimal256Vector bn = (Decimal256Vector) root.getVector("bn");
      assertThat(bn.getObject(0)).isEqualTo(new BigDecimal("-1E-38").setScale(38));
      assertThat(bn.getObject(3).compareTo(new BigDecimal("1E+10"))).isZero();

      BitVector b = (BitVector) root.getVector("b");
      assertThat(b.getObject(0)).isTrue();
      assertThat(b.getObject(1)).isFalse();
      assertThat(b.isNull(2)).isTrue();

      VarCharVector s = (VarCharVector) root.getVector("s");
      assertThat(s.getObject(0).toString()).isEqualTo("a,\"b\"\n");
      assertThat(s.getObject(1).toString()).isEmpty();
      assertThat(s.isNull(2)).isTrue();

      assertThat(((VarBinaryVector) root.getVector("by")).get(0)).containsExactly(0, 1, 2, 0xFF);
      assertThat(((DateDayVector) root.getVector("d")).get(0)).isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay());
      assertThat(((TimeMicroVector) root.getVector("t")).get(0))
          .isEqualTo(LocalTime.parse("12:34:56.123456").toNanoOfDay() / 1000);
      TimeStampMicroVector dt = (TimeStampMicroVector) root.getVector("dt");
      assertThat(dt.getObject(0)).isEqualTo(LocalDateTime.parse("2024-01-02T03:04:05.5"));
      assertThat(dt.getObject(2)).isEqualTo(LocalDateTime.parse("2024-01-02T03:04:05"));

      TimeStampMicroTZVector ts = (TimeStampMicroTZVector) root.getVector("ts");
      assertThat(ts.get(0)).isEqualTo(micros("2025-01-02T03:04:05.123456Z"));
      assertThat(ts.get(1)).isEqualTo(micros("2025-01-02T03:04:05Z"));
      assertThat(ts.get(2)).isEqualTo(micros("2025-01-02T03:04:05.5Z"));
      assertThat(ts.get(3)).isEqualTo(micros("2025-01-02T02:04:05Z"));

      assertThat(root.getVector("g").getObject(0).toString()).isEqualTo("POINT(1 2)");
      VarCharVector j = (VarCharVector) root.getVector("j");
      assertThat(j.getObject(0).toString()).isEqualTo("{\"k\":[1,2.50]}");
      assertThat(j.getObject(3).toString()).isEqualTo("\"text\"");

      IntervalMonthDayNanoVector iv = (IntervalMonthDayNanoVector) root.getVector("iv");
      assertInterval(iv, 0, 14, 3, 14_706_500_000_000L);
      assertInterval(iv, 1, 14, 3, 14_706_500_000_000L);
      assertInterval(iv, 2, -1, -2, -1000);

      StructVector rd = (StructVector) root.getVector("rd");
      assertThat(rd.getObject(0)).isEqualTo(Map.of("start", (int) LocalDate.of(2024, 1, 1).toEpochDay()));
      assertThat(rd.isNull(1)).isTrue();
      assertThat(rd.getObject(3).get("end")).isEqualTo((int) LocalDate.of(2024, 2, 1).toEpochDay());
      StructVector rts = (StructVector) root.getVector("rts");
      assertThat(rts.getObject(0)).isEqualTo(Map.of("start", micros("2024-01-01T00:00:00Z")));

      ListVector tags = (ListVector) root.getVector("tags");
      assertThat(tags.getObject(0).toString()).isEqualTo("[\"x\",\"y\"]");
      assertThat(tags.getObject(1)).isEmpty(); // BigQuery has no NULL arrays
      assertThat(((ListVector) root.getVector("nums")).getObject(0).toString()).isEqualTo("[1,-2]");

      StructVector rec = (StructVector) root.getVector("rec");
      assertThat(rec.getObject(0).toString()).isEqualTo("{\"a\":7,\"inner\":{\"x\":\"deep\"}}");
      assertThat(rec.isNull(1)).isFalse();
      assertThat(rec.getObject(1).toString()).isEqualTo("{}");
      assertThat(rec.isNull(2)).isTrue();
      assertThat(root.getVector("items").getObject(0).toString())
          .isEqualTo("[{\"sku\":\"A\",\"qty\":2},{\"sku\":\"B\"}]");
    }
  }

  @Test
  void servesThroughTheReadApi() throws Exception {
    JsonLinesTable table = load(SCHEMA, ROWS);
    try (var server = LocalBigQueryServer.start(0)) {
      server.addTable("my-project.sample.every_type", table);
      var client = ReadClients.create(server);
      try {
        ReadSession session = client.createReadSession(ReadClients.sessionRequest("my-project.sample.every_type", 4).build());
        assertThat(session.getStreamsCount()).isEqualTo(4);
        List<Long> ids = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (var decoder = new ArrowTestDecoder(session.getArrowSchema().getSerializedSchema())) {
          assertThat(decoder.schema()).isEqualTo(table.schema());
          for (var stream : session.getStreamsList()) {
            decoder.read(client, stream.getName(), 0, batch -> {
              for (int i = 0; i < batch.getRowCount(); i++) {
                ids.add((Long) batch.getVector("id").getObject(i));
              }
              text.append(batch.contentToTSVString());
            });
          }
        }
        assertThat(ids).containsExactly(1L, 2L, 3L, 4L);
        assertThat(text).contains("{\"a\":7,\"inner\":{\"x\":\"deep\"}}");
      } finally {
        client.close();
        client.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void bqShowWrapperAndLegacyNamesAreAccepted() throws IOException {
    JsonLinesTable table = load("{\"fields\": [{\"name\": \"x\", \"type\": \"BOOL\", \"mode\": \"required\"}]}", "{\"x\": true}\n");
    assertThat(table.columns()).containsExactly(BqField.required("x", BqType.BOOL));
  }

  @Test
  void schemaErrorsNameFileAndField() {
    assertThatThrownBy(() -> load("[{\"name\": \"x\", \"type\": \"FANCY\"}]", ""))
        .isInstanceOfSatisfying(TableFileException.class, e -> {
          assertThat(e.file().getFileName().toString()).isEqualTo("schema.json");
          assertThat(e.field()).isEqualTo("x");
          assertThat(e).hasMessageContaining("schema.json").hasMessageContaining("FANCY");
        });
    assertThatThrownBy(() -> load("[{\"name\": \"r\", \"type\": \"RANGE\"}]", ""))
        .isInstanceOf(TableFileException.class).hasMessageContaining("rangeElementType");
    assertThatThrownBy(() -> load("[{\"name\": \"rec\", \"type\": \"RECORD\", \"fields\": [{\"name\": \"a\", \"type\": \"INT64\", \"mode\": \"SOMETIMES\"}]}]", ""))
        .isInstanceOfSatisfying(TableFileException.class, e -> assertThat(e.field()).isEqualTo("rec.a"));
    assertThatThrownBy(() -> load("[{\"name\": \"x\", \"type\": \"INT64\"},", ""))
        .isInstanceOf(TableFileException.class).hasMessageContaining("invalid JSON");
    assertThatThrownBy(() -> load("[]", ""))
        .isInstanceOf(TableFileException.class).hasMessageContaining("non-empty");
  }

  @Test
  void rowErrorsNameFileLineAndField() {
    assertRowError("{\"id\": 1}\n\n{\"id\": 2, \"rec\": {\"a\": \"seven\"}}", 3, "rec.a", "INT64");
    assertRowError("{\"id\": 1}\n{\"id\": 2,", 2, null, "invalid JSON");
    assertRowError("{\"id\": 1, \"bogus\": 1}", 1, "bogus", "no such column");
    assertRowError("{\"f\": 1.5}", 1, "id", "REQUIRED");
    assertRowError("{\"id\": 1, \"n\": \"1e30\"}", 1, "n", "out of range for NUMERIC");
    assertRowError("{\"id\": 1, \"by\": \"not base64!\"}", 1, "by", "BYTES");
    assertRowError("{\"id\": 1, \"s\": [\"a\"]}", 1, "s", "STRING");
    assertRowError("{\"id\": 1, \"tags\": [\"a\", null]}", 1, "tags[1]", "NULL");
    assertRowError("{\"id\": 1, \"tags\": \"a\"}", 1, "tags", "array");
    assertRowError("{\"id\": 1, \"d\": \"2024-02-30\"}", 1, "d", "DATE");
    assertRowError("{\"id\": 1, \"ts\": \"yesterday\"}", 1, "ts", "TIMESTAMP");
    assertRowError("{\"id\": 1, \"rd\": \"[2024-02-01, 2024-01-01)\"}", 1, "rd", "before its end");
    assertRowError("{\"id\": 1, \"items\": [{\"sku\": \"A\", \"colour\": \"red\"}]}", 1, "items[0].colour", "no such field");
    assertRowError("{\"id\": 9223372036854775808}", 1, "id", "INT64");
    assertRowError("[1, 2]", 1, null, "JSON object");
  }

  private void assertRowError(String rows, long line, String field, String text) {
    assertThatThrownBy(() -> load(SCHEMA, rows))
        .isInstanceOfSatisfying(TableFileException.class, e -> {
          assertThat(e.file().getFileName().toString()).isEqualTo("rows.jsonl");
          assertThat(e.line()).isEqualTo(line);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e).hasMessageContaining("rows.jsonl line " + line).hasMessageContaining(text);
        });
  }

  private static void assertInterval(IntervalMonthDayNanoVector v, int row, int months, int days, long nanos) {
    var holder = new org.apache.arrow.vector.holders.NullableIntervalMonthDayNanoHolder();
    v.get(row, holder);
    assertThat(new long[] {holder.months, holder.days, holder.nanoseconds}).containsExactly(months, days, nanos);
  }

  private static long micros(String instant) {
    return ArrowValueWriter.micros(Instant.parse(instant));
  }
}
