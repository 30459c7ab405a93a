package io.bqsftp.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.export.ExportClient;
import io.bqsftp.export.ExportCoordinator;
import io.bqsftp.contract.ExportRequest;
import io.bqsftp.local.BigQueryArrowTypes;
import io.bqsftp.local.DemoTable;
import io.bqsftp.support.Await;
import io.bqsftp.support.CsvFiles;
import io.bqsftp.support.LocalStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code format: json} through the whole runner: every row of the local server's all-types demo
 * table is parsed back from the delivered {@code .json.gz} and each value compared with the table's
 * own (Arrow) value by the rules of docs/json-format.md.
 */
@ExtendWith(VertxExtension.class)
class JsonExportTest {
  static final int ROWS = 2_000;
  static final LocalDate DATE = LocalDate.of(2024, 6, 30);
  static final Pattern RANGE = Pattern.compile("\\[(.*), (.*)\\)");

  @TempDir Path dir;
  LocalStack stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyRowParsesBackToTheTableValues(Vertx vertx) throws Exception {
    stack = LocalStack.start(dir, ROWS);
    var config = stack.config(Map.of("json", LocalStack.fullExport().put("format", "json")));
    Await.result(vertx.deployVerticle(new ExportCoordinator(config, stack.engine(config), Clock.systemUTC())));
    JsonObject result = Await.result(new ExportClient(vertx).run(new ExportRequest("json", Optional.of(DATE))));
    assertThat(result.getJsonArray("files").getJsonObject(0).getString("name"))
        .isEqualTo("json_20240630-000000000000.json.gz");

    String text = CsvFiles.text(stack.root.resolve("outbound/json_20240630-000000000000.json.gz"));
    assertThat(text).endsWith("\n").doesNotContain("<").doesNotContain(">").doesNotContain("&");
    Map<Long, JsonObject> byId = new HashMap<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        JsonObject row = new JsonObject(line);
        byId.put(Long.parseLong(row.getString("id")), row);
      }
    }
    assertThat(byId).hasSize(ROWS);

    DemoTable table = DemoTable.generate(ROWS);
    var schema = BigQueryArrowTypes.schema(table.columns());
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(schema, allocator)) {
      table.fill(root, 0, ROWS);
      for (int row = 0; row < ROWS; row++) {
        JsonObject line = byId.get((long) row);
        List<String> keys = new java.util.ArrayList<>(line.fieldNames());
        for (FieldVector vector : root.getFieldVectors()) {
          String name = vector.getName();
          Object source = vector.getObject(row);
          if (source == null) {
            assertThat(line.containsKey(name)).as("row %d: NULL %s is left out", row, name).isFalse();
          } else {
            assertThat(keys.remove(name)).as("row %d has %s", row, name).isTrue();
            assertValue("row " + row + " " + name, vector.getField(), source, line.getValue(name));
          }
        }
        assertThat(keys).as("row %d: no other keys", row).isEmpty();
      }
    }
  }

  /** Compares one JSON value with the Arrow value it was written from. */
  private static void assertValue(String where, Field field, Object source, Object json) {
    ArrowType type = field.getType();
    String extension = field.getMetadata().get(BigQueryArrowTypes.EXTENSION_NAME);
    if (source == null) {
      assertThat(json).as(where).isNull();
      return;
    }
    switch (type.getTypeID()) {
      case Int -> assertThat(json).as(where + " INT64 as a string").isEqualTo(source.toString());
      case FloatingPoint -> {
        double d = (Double) source;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          assertThat(json).as(where).isEqualTo(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        } else {
          assertThat(json).as(where + " FLOAT64 as a number").isInstanceOf(Number.class);
          assertThat(((Number) json).doubleValue()).as(where).isEqualTo(d);
        }
      }
      case Decimal -> assertThat(new BigDecimal((String) json)).as(where).isEqualByComparingTo((BigDecimal) source);
      case Bool -> assertThat(json).as(where).isEqualTo(source);
      case Utf8 -> {
        String value = ((Text) source).toString();
        if (BigQueryArrowTypes.JSON_EXTENSION.equals(extension)) {
          assertThat(json).as(where + " JSON embedded").isEqualTo(Json.decodeValue(value));
        } else {
          assertThat(json).as(where).isEqualTo(value);
        }
      }
      case Binary -> assertThat(json).as(where).isEqualTo(Base64.getEncoder().encodeToString((byte[]) source));
      case Date -> assertThat(LocalDate.parse((String) json)).as(where).isEqualTo(date(source));
      case Time -> assertThat(LocalTime.parse((String) json)).as(where)
          .isEqualTo(LocalTime.ofNanoOfDay(((Number) source).longValue() * 1000));
      case Timestamp -> assertThat(instantOrDateTime(where, (ArrowType.Timestamp) type, (String) json))
          .as(where).isEqualTo(sourceTime((ArrowType.Timestamp) type, source));
      case Interval -> assertThat((String) json).as(where).matches("-?\\d+-\\d+ -?\\d+ -?\\d+:\\d+:\\d+(\\.\\d+)?");
      case List -> {
        List<?> items = (List<?>) source;
        JsonArray array = (JsonArray) json;
        assertThat(array.size()).as(where).isEqualTo(items.size());
        for (int i = 0; i < items.size(); i++) {
          assertValue(where + "[" + i + "]", field.getChildren().get(0), items.get(i), array.getValue(i));
        }
      }
      case Struct -> {
        Map<?, ?> values = (Map<?, ?>) source;
        if (field.getChildren().size() == 2 && field.getChildren().get(0).getName().equals("start")
            && field.getChildren().get(1).getName().equals("end") && !(json instanceof JsonObject)) {
          Matcher m = RANGE.matcher((String) json);
          assertThat(m.matches()).as(where + " RANGE text " + json).isTrue();
          assertBound(where + ".start", field.getChildren().get(0), values.get("start"), m.group(1));
          assertBound(where + ".end", field.getChildren().get(1), values.get("end"), m.group(2));
          return;
        }
        JsonObject object = (JsonObject) json;
        assertThat(object.fieldNames()).as(where).hasSize(field.getChildren().size());
        for (Field child : field.getChildren()) {
          assertValue(where + "." + child.getName(), child, values.get(child.getName()), object.getValue(child.getName()));
        }
      }
      default -> throw new AssertionError(where + ": unexpected type " + type);
    }
  }

  private static void assertBound(String where, Field field, Object source, String text) {
    if (source == null) {
      assertThat(text).as(where).isEqualTo("UNBOUNDED");
    } else if (field.getType() instanceof ArrowType.Date) {
      assertThat(LocalDate.parse(text)).as(where).isEqualTo(date(source));
    } else {
      var type = (ArrowType.Timestamp) field.getType();
      assertThat(instantOrDateTime(where, type, text)).as(where).isEqualTo(sourceTime(type, source));
    }
  }

  private static LocalDate date(Object source) {
    return source instanceof LocalDate d ? d : LocalDate.ofEpochDay(((Number) source).longValue());
  }

  private static Object instantOrDateTime(String where, ArrowType.Timestamp type, String text) {
    if (type.getTimezone() == null) {
      return LocalDateTime.parse(text);
    }
    assertThat(text).as(where + " TIMESTAMP in UTC").endsWith(" UTC");
    return LocalDateTime.parse(text.substring(0, text.length() - 4).replace(' ', 'T')).toInstant(ZoneOffset.UTC);
  }

  private static Object sourceTime(ArrowType.Timestamp type, Object source) {
    if (source instanceof LocalDateTime dt) {
      return type.getTimezone() == null ? dt : dt.toInstant(ZoneOffset.UTC);
    }
    long micros = ((Number) source).longValue();
    Instant instant = Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L));
    return type.getTimezone() == null ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant;
  }
}
