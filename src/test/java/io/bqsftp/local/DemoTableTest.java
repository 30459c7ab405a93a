package io.bqsftp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class DemoTableTest {

  @Test
  void sameRowsWhateverTheBatching() {
    List<List<Object>> oneBatch = rows(DemoTable.generate(1000), 100, 200, 200);
    List<List<Object>> manyBatches = rows(DemoTable.generate(1000), 100, 200, 7);
    List<List<Object>> otherInstance = rows(DemoTable.generate(1000), 100, 200, 64);
    assertThat(manyBatches).isEqualTo(oneBatch);
    assertThat(otherInstance).isEqualTo(oneBatch);
    assertThat(oneBatch).hasSize(100);
  }

  @Test
  void fillRefusesRowsOutsideTheTable() {
    DemoTable table = DemoTable.generate(10);
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(table.schema(), allocator)) {
      assertThatThrownBy(() -> table.fill(root, 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void schemaHoldsEveryBigQueryType() {
    Schema schema = DemoTable.generate(1).schema();
    Set<BqType> types = new HashSet<>();
    collect(DemoTable.generate(1).columns(), types);
    assertThat(types).containsExactlyInAnyOrder(BqType.values());

    assertThat(schema.findField("numeric_val").getType()).isEqualTo(new ArrowType.Decimal(38, 9, 128));
    assertThat(schema.findField("bignumeric_val").getType()).isEqualTo(new ArrowType.Decimal(76, 38, 256));
    assertThat(schema.findField("interval_val").getType()).isEqualTo(new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO));
    assertThat(extension(schema, "datetime_val")).isEqualTo("google:sqlType:datetime");
    assertThat(extension(schema, "geography_val")).isEqualTo("google:sqlType:geography");
    assertThat(extension(schema, "json_val")).isEqualTo("google:sqlType:json");
    assertThat(extension(schema, "interval_val")).isEqualTo("google:sqlType:interval");
    assertThat(extension(schema, "event_ts")).isNull();
    assertThat(schema.findField("event_ts").getType()).isEqualTo(BigQueryArrowTypes.TIMESTAMP);
    assertThat(schema.findField("datetime_val").getType()).isEqualTo(BigQueryArrowTypes.DATETIME);

    Field range = schema.findField("date_range");
    assertThat(range.getType()).isEqualTo(ArrowType.Struct.INSTANCE);
    assertThat(range.getChildren()).extracting(Field::getName).containsExactly("start", "end");
    assertThat(range.getChildren().get(0).getType()).isEqualTo(BigQueryArrowTypes.DATE);
    assertThat(schema.findField("tags").getType()).isEqualTo(ArrowType.List.INSTANCE);
    Field address = schema.findField("address");
    assertThat(address.getChildren()).extracting(Field::getName).containsExactly("street", "city", "zip", "geo");
    assertThat(address.getChildren().get(3).getChildren()).extracting(Field::getName).containsExactly("lat", "lon");
    assertThat(schema.findField("line_items").getChildren().get(0).getType()).isEqualTo(ArrowType.Struct.INSTANCE);
  }

  @Test
  void edgeValuesAppearInTheFirstRows() {
    List<List<Object>> rows = rows(DemoTable.generate(200), 0, 200, 200);
    Schema schema = DemoTable.generate(1).schema();
    List<Object> strings = column(rows, schema, "string_val");
    assertThat(strings).contains(null, "", "with,comma", "with \"quotes\"", "line\nbreak", "carriage\rreturn",
        "crlf\r\nend", "Zürich – 東京 😀");
    List<Object> floats = column(rows, schema, "float64_val");
    assertThat(floats).contains(null, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e20, 1.5e-7);
    List<Object> numerics = column(rows, schema, "numeric_val");
    assertThat(numerics).contains(null, new BigDecimal("-0.000000001"));
    assertThat(column(rows, schema, "bignumeric_val")).contains(new BigDecimal("-1E-38").setScale(38));
    for (String name : List.of("int64_val", "bool_val", "bytes_val", "time_val", "datetime_val", "event_ts",
        "geography_val", "json_val", "interval_val", "date_range", "ts_range", "address")) {
      assertThat(column(rows, schema, name)).as(name).containsNull();
    }
  }

  @Test
  void eventDatesAndTimestampsSpreadOverHundredsOfDays() {
    Set<LocalDate> dates = new HashSet<>();
    int fractional = 0;
    int whole = 0;
    int nulls = 0;
    for (long row = 0; row < 20_000; row++) {
      LocalDate date = DemoTable.eventDate(row);
      dates.add(date);
      assertThat(date).isBetween(DemoTable.FIRST_EVENT_DATE, DemoTable.FIRST_EVENT_DATE.plusDays(DemoTable.EVENT_DAYS - 1));
      Instant ts = DemoTable.eventTs(row);
      if (ts == null) {
        nulls++;
        continue;
      }
      assertThat(LocalDate.ofInstant(ts, ZoneOffset.UTC)).isEqualTo(date);
      if (ts.getNano() == 0) whole++; else fractional++;
    }
    assertThat(dates).hasSize(DemoTable.EVENT_DAYS);
    assertThat(nulls).isEqualTo(400);
    assertThat(whole).isGreaterThan(5000);
    assertThat(fractional).isGreaterThan(5000);
  }

  @Test
  void projectionFillsOnlyTheAskedColumns() {
    DemoTable table = DemoTable.generate(50);
    Schema projected = new Schema(List.of(table.schema().findField("id"), table.schema().findField("event_date")));
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(projected, allocator)) {
      table.fill(root, 10, 5);
      assertThat(root.getRowCount()).isEqualTo(5);
      assertThat(root.getVector("id").getObject(0)).isEqualTo(10L);
    }
  }


  private static List<List<Object>> rows(DemoTable table, long from, long to, int batch) {
    List<List<Object>> rows = new ArrayList<>();
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(table.schema(), allocator)) {
      for (long start = from; start < to; start += batch) {
        int n = (int) Math.min(batch, to - start);
        table.fill(root, start, n);
        for (int i = 0; i < n; i++) {
          List<Object> row = new ArrayList<>();
          for (var vector : root.getFieldVectors()) {
            Object value = vector.getObject(i);
            // Text (VarChar) compares by identity-free toString; byte[] by content.
            row.add(value instanceof byte[] bytes ? Arrays.toString(bytes)
                : value instanceof org.apache.arrow.vector.util.Text text ? text.toString() : value);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static List<Object> column(List<List<Object>> rows, Schema schema, String name) {
    int index = schema.getFields().indexOf(schema.findField(name));
    return rows.stream().map(r -> r.get(index)).toList();
  }

  private static String extension(Schema schema, String field) {
    Map<String, String> metadata = schema.findField(field).getMetadata();
    return metadata == null ? null : metadata.get(BigQueryArrowTypes.EXTENSION_NAME);
  }

  private static void collect(List<BqField> fields, Set<BqType> types) {
    for (BqField field : fields) {
      types.add(field.type());
      collect(field.fields(), types);
    }
  }
}
