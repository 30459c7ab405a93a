package io.bqsftp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.local.RowRestriction.Comparison;
import io.bqsftp.local.RowRestriction.LiteralType;
import io.bqsftp.local.RowRestriction.Op;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowRestrictionTest {

  @Test
  void emptyMeansNoRestriction() {
    assertThat(RowRestriction.parse("").isEmpty()).isTrue();
    assertThat(RowRestriction.parse("  ").isEmpty()).isTrue();
    assertThat(RowRestriction.parse(null).isEmpty()).isTrue();
  }

  @Test
  void parsesComparisonsJoinedByAnd() {
    RowRestriction r = RowRestriction.parse(
        "event_date >= DATE '2024-03-01' AND `event_date` < DATE '2024-04-01'"
            + " AND ts > TIMESTAMP '2024-06-01 10:20:30.123456 UTC' AND ts <= TIMESTAMP '2024-06-02 00:00:00+00:00'"
            + " AND dt = DATETIME '2024-01-02 03:04:05'");
    assertThat(r.comparisons()).containsExactly(
        new Comparison("event_date", Op.GE, LiteralType.DATE, LocalDate.of(2024, 3, 1).toEpochDay()),
        new Comparison("event_date", Op.LT, LiteralType.DATE, LocalDate.of(2024, 4, 1).toEpochDay()),
        new Comparison("ts", Op.GT, LiteralType.TIMESTAMP,
            ArrowValueWriter.micros(Instant.parse("2024-06-01T10:20:30.123456Z"))),
        new Comparison("ts", Op.LE, LiteralType.TIMESTAMP,
            ArrowValueWriter.micros(Instant.parse("2024-06-02T00:00:00Z"))),
        new Comparison("dt", Op.EQ, LiteralType.DATETIME,
            ArrowValueWriter.micros(LocalDateTime.parse("2024-01-02T03:04:05"))));
    assertThat(r.columns()).containsExactly("event_date", "ts", "dt");
  }

  @Test
  void fractionalDatetimeAndCompactSpacing() {
    RowRestriction r = RowRestriction.parse("dt>=DATETIME '2024-01-02 03:04:05.5'");
    assertThat(r.comparisons().get(0).value())
        .isEqualTo(ArrowValueWriter.micros(LocalDateTime.parse("2024-01-02T03:04:05.500")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "event_date BETWEEN DATE '2024-01-01' AND DATE '2024-02-01'",
      "event_date >= DATE '2024-1-01'",
      "event_date >= DATE '2024-02-30'",
      "event_date >= DATE '2024-01-01' AND",
      "ts >= TIMESTAMP '2024-01-01 00:00:00+01:00'",
      "ts >= TIMESTAMP '2024-01-01 00:00:00.1234567 UTC'",
      "`a.b` >= DATE '2024-01-01'",
      "1col >= DATE '2024-01-01'",
      "event_date IN (DATE '2024-01-01')",
      "name LIKE 'a%'",
      "(event_date >= DATE '2024-01-01'",
      "event_date >= DATE '2024-01-01')",
      "event_date IS 'x'",
      "event_date = NULL",
      "NOT",
      "event_date >= DATE '2024-01-01'; DROP TABLE x"})
  void rejectsEverythingElse(String text) {
    assertThatThrownBy(() -> RowRestriction.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unsupported row_restriction: " + text);
  }

  @Test
  void untypedStringLiteralsAreCoercedToTheColumnsType() {
    var schema = BigQueryArrowTypes.schema(List.of(
        BqField.nullable("d", BqType.DATE),
        BqField.nullable("ts", BqType.TIMESTAMP),
        BqField.nullable("dt", BqType.DATETIME),
        BqField.nullable("name", BqType.STRING)));
    var resolved = RowRestriction.parse("`D` >= '2024-03-01' AND ts < '2024-03-02' AND dt <= '2024-03-01 12:00:00'")
        .resolve(schema).comparisons();
    assertThat(resolved).extracting(Comparison::column, Comparison::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("d", LiteralType.DATE),
        org.assertj.core.groups.Tuple.tuple("ts", LiteralType.TIMESTAMP),
        org.assertj.core.groups.Tuple.tuple("dt", LiteralType.DATETIME));
    assertThat(resolved.get(0).value()).isEqualTo(LocalDate.of(2024, 3, 1).toEpochDay());
    assertThat(resolved.get(1).value()).isEqualTo(
        java.time.Instant.parse("2024-03-02T00:00:00Z").toEpochMilli() * 1000);
    // A STRING column ordered against a string is a user filter (RowExpression), not an error.
    assertThat(RowRestriction.parse("name >= '2024-01-01'").resolve(schema).columns()).containsExactly("name");
    assertThatThrownBy(() -> RowRestriction.parse("d >= '2024-01-01 10:00:00'").resolve(schema))
        .hasMessageStartingWith("unsupported row_restriction");
  }

  @Test
  void resolveChecksColumnsAndTypes() {
    var schema = BigQueryArrowTypes.schema(List.of(
        BqField.nullable("Event_Date", BqType.DATE),
        BqField.nullable("ts", BqType.TIMESTAMP),
        BqField.nullable("dt", BqType.DATETIME),
        BqField.nullable("name", BqType.STRING)));
    assertThat(RowRestriction.parse("event_date >= DATE '2024-01-01'").resolve(schema).columns())
        .containsExactly("Event_Date");
    assertThatThrownBy(() -> RowRestriction.parse("nope >= DATE '2024-01-01'").resolve(schema))
        .hasMessageContaining("unknown column 'nope'");
    assertThatThrownBy(() -> RowRestriction.parse("name >= DATE '2024-01-01'").resolve(schema))
        .hasMessageStartingWith("unsupported row_restriction");
    assertThatThrownBy(() -> RowRestriction.parse("dt >= TIMESTAMP '2024-01-01 00:00:00 UTC'").resolve(schema))
        .hasMessageStartingWith("unsupported row_restriction");
    assertThatThrownBy(() -> RowRestriction.parse("ts >= DATETIME '2024-01-01 00:00:00'").resolve(schema))
        .hasMessageStartingWith("unsupported row_restriction");
  }

  @Test
  void matchesValuesAndNeverNulls() {
    var columns = List.of(
        BqField.nullable("d", BqType.DATE), BqField.nullable("ts", BqType.TIMESTAMP), BqField.nullable("dt", BqType.DATETIME));
    var schema = BigQueryArrowTypes.schema(columns);
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      var d = ArrowValueWriter.forVector(root.getVector("d"));
      var ts = ArrowValueWriter.forVector(root.getVector("ts"));
      var dt = ArrowValueWriter.forVector(root.getVector("dt"));
      d.write(0, LocalDate.parse("2024-01-31"));
      d.write(1, LocalDate.parse("2024-02-01"));
      d.write(2, null);
      ts.write(0, Instant.parse("2024-01-31T23:59:59.999999Z"));
      ts.write(1, Instant.parse("2024-02-01T00:00:00Z"));
      ts.write(2, null);
      dt.write(0, LocalDateTime.parse("2024-01-31T12:00:00"));
      dt.write(1, LocalDateTime.parse("2024-02-01T12:00:00"));
      dt.write(2, null);
      root.setRowCount(3);

      assertThat(rows(root, "d >= DATE '2024-02-01'")).containsExactly(1);
      assertThat(rows(root, "d < DATE '2024-02-01'")).containsExactly(0);
      assertThat(rows(root, "d <= DATE '2024-02-01' AND d > DATE '2024-01-01'")).containsExactly(0, 1);
      assertThat(rows(root, "d = DATE '2024-01-31'")).containsExactly(0);
      assertThat(rows(root, "ts >= TIMESTAMP '2024-02-01 00:00:00 UTC'")).containsExactly(1);
      assertThat(rows(root, "ts < TIMESTAMP '2024-02-01 00:00:00+00:00'")).containsExactly(0);
      assertThat(rows(root, "ts > TIMESTAMP '2024-01-31 23:59:59.999998 UTC'")).containsExactly(0, 1);
      assertThat(rows(root, "dt >= DATETIME '2024-02-01 00:00:00' AND d >= DATE '2024-01-01'")).containsExactly(1);
    }
  }

  @Test
  void stringEqualityAsTheLedgerSendsIt() {
    assertThat(RowRestriction.parse("export_name = \"sales\"").comparisons()).containsExactly(
        new Comparison("export_name", Op.EQ, LiteralType.STRING, 0, "sales"));
    assertThat(RowRestriction.parse("`id`='a\\\\b\\'c\\\"d' AND d >= DATE '2024-01-01'").comparisons().get(0).text())
        .isEqualTo("a\\b'c\"d");
    // name >= "a" and name = "a" OR name = "b" are user filters (RowExpression): see userFilters... below.
    for (String bad : List.of("name = \"a", "name = \"a\\nb\"")) {
      assertThatThrownBy(() -> RowRestriction.parse(bad)).as(bad).hasMessageStartingWith("unsupported row_restriction");
    }
    var schema = BigQueryArrowTypes.schema(List.of(BqField.nullable("name", BqType.STRING), BqField.nullable("d", BqType.DATE)));
    // A string literal compared with a DATE column is coerced, as in BigQuery (via RowExpression).
    assertThat(RowRestriction.parse("d = \"2024-01-01\"").resolve(schema).columns()).containsExactly("d");
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      var name = ArrowValueWriter.forVector(root.getVector("name"));
      name.write(0, "sales");
      name.write(1, "Sales");
      name.write(2, null);
      name.write(3, "sales\"x");
      root.setRowCount(4);
      assertThat(rows(root, "name = \"sales\"")).containsExactly(0);
      assertThat(rows(root, "name = 'sales\\\"x'")).containsExactly(3);
      assertThat(rows(root, "name = \"\"")).isEmpty();
    }
  }

  @Test
  void userFiltersCombineComparisonsWithAndOrNotAndParentheses() {
    var schema = BigQueryArrowTypes.schema(List.of(
        BqField.nullable("id", BqType.INT64), BqField.nullable("price", BqType.FLOAT64),
        BqField.nullable("amount", BqType.NUMERIC), BqField.nullable("name", BqType.STRING),
        BqField.nullable("ok", BqType.BOOL), BqField.nullable("d", BqType.DATE),
        BqField.nullable("ts", BqType.TIMESTAMP)));
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      Object[][] rows = {
          {1L, 1.5, new java.math.BigDecimal("10.5"), "apple", true, LocalDate.parse("2024-01-01"),
              Instant.parse("2024-01-01T10:00:00Z")},
          {2L, -2.0, new java.math.BigDecimal("-1"), "Banana", false, LocalDate.parse("2024-02-01"),
              Instant.parse("2024-02-01T00:00:00Z")},
          {3L, null, null, null, null, null, null},
          {4L, 7.25, new java.math.BigDecimal("0.000000001"), "東京", true, LocalDate.parse("2024-03-01"), null}};
      for (int r = 0; r < rows.length; r++) {
        for (int c = 0; c < rows[r].length; c++) {
          ArrowValueWriter.forVector(root.getVector(c)).write(r, rows[r][c]);
        }
      }
      root.setRowCount(rows.length);

      assertThat(rows(root, "id = 2")).containsExactly(1);
      assertThat(rows(root, "id != 2")).containsExactly(0, 2, 3);
      assertThat(rows(root, "id <> 2 AND price > 0")).containsExactly(0, 3);
      assertThat(rows(root, "price >= 1.5 or amount < 0")).containsExactly(0, 1, 3);
      assertThat(rows(root, "amount > 0 AND amount < 1e-8")).containsExactly(3);
      assertThat(rows(root, "name = 'apple' OR name = \"Banana\"")).containsExactly(0, 1);
      assertThat(rows(root, "name > 'apple'")).containsExactly(3); // code point order: 'B' < 'a' < '東'
      assertThat(rows(root, "name = 'it\\'s'")).isEmpty();
      assertThat(rows(root, "ok")).containsExactly(0, 3);
      assertThat(rows(root, "NOT ok")).containsExactly(1);
      assertThat(rows(root, "ok = FALSE")).containsExactly(1);
      assertThat(rows(root, "name IS NULL")).containsExactly(2);
      assertThat(rows(root, "name IS NOT NULL AND NOT (id = 1 OR id = 4)")).containsExactly(1);
      // Unknown is neither true nor false: NOT keeps the row with a NULL price out.
      assertThat(rows(root, "NOT (price > 0)")).containsExactly(1);
      assertThat(rows(root, "d >= '2024-02-01'")).containsExactly(1, 3);
      assertThat(rows(root, "d = DATE '2024-01-01' OR ts >= TIMESTAMP '2024-02-01'")).containsExactly(0, 1);
      assertThat(rows(root, "ts < '2024-01-01 10:00:00.000001 UTC'")).containsExactly(0);
      assertThat(rows(root, "(d >= DATE '2024-01-01' AND d < DATE '2024-03-01') AND (`name` != 'apple')"))
          .containsExactly(1);
    }
  }

  @Test
  void userFiltersAreCheckedAgainstTheSchema() {
    var schema = BigQueryArrowTypes.schema(List.of(
        BqField.nullable("id", BqType.INT64), BqField.nullable("name", BqType.STRING), BqField.nullable("ok", BqType.BOOL)));
    assertThat(RowRestriction.parse("ID = 1 OR Name IS NULL").resolve(schema).columns()).containsExactly("id", "name");
    assertThatThrownBy(() -> RowRestriction.parse("nope = 1 OR id = 2").resolve(schema))
        .hasMessageContaining("unknown column 'nope'");
    assertThatThrownBy(() -> RowRestriction.parse("id = 'one'").resolve(schema))
        .hasMessageContaining("cannot be compared");
    assertThatThrownBy(() -> RowRestriction.parse("name = 1").resolve(schema))
        .hasMessageContaining("cannot be compared");
    assertThatThrownBy(() -> RowRestriction.parse("ok > TRUE").resolve(schema))
        .hasMessageContaining("compares only with = and !=");
  }
  private static List<Integer> rows(VectorSchemaRoot root, String restriction) {
    IntPredicate matcher = RowRestriction.parse(restriction).resolve(root.getSchema()).matcher(root);
    return java.util.stream.IntStream.range(0, root.getRowCount()).filter(matcher).boxed().toList();
  }
}
