package io.bqsftp.local;

import static io.bqsftp.local.BqField.nullable;
import static io.bqsftp.local.BqField.range;
import static io.bqsftp.local.BqField.repeated;
import static io.bqsftp.local.BqField.required;
import static io.bqsftp.local.BqField.struct;

import io.bqsftp.local.BqField.Mode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A generated table holding every BigQuery type, with NULLs and CSV edge values cycling through
 * the rows. Each cell is a pure function of its row number, so any batch is generated on demand
 * (nothing is materialized) and the same row count always yields the same table.
 *
 * <p>{@code event_date} (never NULL) spreads rows over {@link #EVENT_DAYS} days from {@link
 * #FIRST_EVENT_DATE}; {@code event_ts} falls on the same day (NULL on every 50th row), so date
 * windows select scattered subsets.
 */
public final class DemoTable implements LocalTable {
  public static final String DEFAULT_TABLE = "demo-project.demo_dataset.all_types";
  public static final LocalDate FIRST_EVENT_DATE = LocalDate.of(2024, 1, 1);
  public static final int EVENT_DAYS = 400;

  // Cell values that do not depend on the row, built once: generation must stay cheap.
  private static final Object[] BOOLS = {null, true, false};
  private static final Object[] GEOGRAPHIES = {null, "POINT(-122.35 47.62)", "LINESTRING(0 0, 1 1, 2 1)",
      "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))", "GEOMETRYCOLLECTION EMPTY"};
  private static final Object[] JSONS = {null, "{\"a\":1,\"b\":\"x,y\"}", "[1,2,3]", "\"say \\\"hi\\\"\"", "null",
      "{\"nested\":{\"k\":[true,false]},\"text\":\"é\\n\"}", "42"};
  private static final Object[] INTERVALS = {null, new IntervalValue(0, 0, 0),
      new IntervalValue(14, 3, 14_706_500_000_000L), new IntervalValue(-14, -3, -1), new IntervalValue(0, 0, 1000)};
  private static final Object[] TAGS = {List.of(), List.of("a"), List.of("x,y", "q\"uote", ""), List.of("line\nbreak", "東京")};
  private static final Object[] SCORES = {List.of(1L, 2L, 3L), List.of(), List.of(-5L)};
  private static final Object[] FLOATS = {null, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
      1e20, 1.5e-7, 0.1, 1.0, 123.456, null, -Double.MAX_VALUE, Double.MIN_VALUE};
  private static final BigDecimal[] NUMERICS = {null, new BigDecimal("-0.000000001"), BigDecimal.ZERO,
      new BigDecimal("1.5"), new BigDecimal("99999999999999999999999999999.999999999"),
      new BigDecimal("-99999999999999999999999999999.999999999")};
  private static final BigDecimal[] BIGNUMERICS = {null, new BigDecimal("1E-38"), new BigDecimal("-1E-38"),
      new BigDecimal("12345678901234567890123456789012345678.12345678901234567890123456789012345678"),
      BigDecimal.ZERO};
  private static final Object[] STRINGS = {null, "", "plain", "with,comma", "with \"quotes\"", "line\nbreak",
      "carriage\rreturn", "crlf\r\nend", "Zürich – 東京 😀", " padded ", "NULL", null};
  private static final Object[] BYTES = {null, new byte[0], new byte[] {0, 1, 2, (byte) 0xFF},
      "hello".getBytes(StandardCharsets.UTF_8), null};
  private static final Object[] TIMES = {null, LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999_999_000),
      LocalTime.of(12, 34, 56, 500_000_000), null};
  private static final Object[] DATETIMES = {null, LocalDateTime.of(1, 1, 1, 0, 0),
      LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000), LocalDateTime.of(2024, 2, 29, 12, 0, 0, 123_000), null};
  private static final Object[] DATE_RANGES = {null, null, new RangeValue(null, LocalDate.of(2024, 6, 1)),
      new RangeValue(LocalDate.of(2024, 1, 1), null), new RangeValue(null, null)};
  private static final Instant RANGE_START = Instant.parse("2024-03-01T10:00:00Z");
  private static final Object[] TS_RANGES = {new RangeValue(RANGE_START, RANGE_START.plusMillis(1500)), null,
      new RangeValue(null, RANGE_START), new RangeValue(RANGE_START.plusNanos(1000), null)};
  private static final List<Object> ADDRESS_1 =
      Arrays.asList("1 Main St, Apt \"B\"", "Springfield", 12345L, Arrays.asList(47.62, -122.35));
  private static final List<Object> ADDRESS_2 = Arrays.asList("Bahnhofstraße 1\nHinterhaus", "Zürich", null, null);
  private static final List<Object> HALF_GEO = Arrays.asList(null, 0.5);
  private static final List<Object> NULL_ITEM = Arrays.asList(null, null, null);
  private static final BigDecimal[] PRICES = {BigDecimal.valueOf(199, 2), BigDecimal.valueOf(200, 2)};


  private static final List<DemoColumn> COLUMNS = List.of(
      new DemoColumn(required("id", BqType.INT64), row -> row),
      new DemoColumn(nullable("int64_val", BqType.INT64), DemoTable::int64),
      new DemoColumn(nullable("float64_val", BqType.FLOAT64), DemoTable::float64),
      new DemoColumn(nullable("numeric_val", BqType.NUMERIC), DemoTable::numeric),
      new DemoColumn(nullable("bignumeric_val", BqType.BIGNUMERIC), DemoTable::bigNumeric),
      new DemoColumn(nullable("bool_val", BqType.BOOL), row -> pick(row, BOOLS)),
      new DemoColumn(nullable("string_val", BqType.STRING), DemoTable::string),
      new DemoColumn(nullable("bytes_val", BqType.BYTES), DemoTable::bytes),
      new DemoColumn(nullable("event_date", BqType.DATE), DemoTable::eventDate),
      new DemoColumn(nullable("time_val", BqType.TIME), DemoTable::time),
      new DemoColumn(nullable("datetime_val", BqType.DATETIME), DemoTable::dateTime),
      new DemoColumn(nullable("event_ts", BqType.TIMESTAMP), DemoTable::eventTs),
      new DemoColumn(nullable("geography_val", BqType.GEOGRAPHY), row -> pick(row, GEOGRAPHIES)),
      new DemoColumn(nullable("json_val", BqType.JSON), row -> pick(row, JSONS)),
      new DemoColumn(nullable("interval_val", BqType.INTERVAL), row -> pick(row, INTERVALS)),
      new DemoColumn(range("date_range", BqType.DATE), DemoTable::dateRange),
      new DemoColumn(range("ts_range", BqType.TIMESTAMP), DemoTable::timestampRange),
      new DemoColumn(repeated("tags", BqType.STRING), row -> pick(row, TAGS)),
      new DemoColumn(repeated("scores", BqType.INT64),
          row -> row % 4 == 3 ? List.of(Long.MAX_VALUE, row) : pick(row, SCORES)),
      new DemoColumn(struct("address", Mode.NULLABLE,
          nullable("street", BqType.STRING),
          nullable("city", BqType.STRING),
          nullable("zip", BqType.INT64),
          struct("geo", Mode.NULLABLE, nullable("lat", BqType.FLOAT64), nullable("lon", BqType.FLOAT64))),
          DemoTable::address),
      new DemoColumn(struct("line_items", Mode.REPEATED,
          nullable("sku", BqType.STRING),
          nullable("quantity", BqType.INT64),
          nullable("price", BqType.NUMERIC)),
          DemoTable::lineItems));

  private static final List<BqField> FIELDS = COLUMNS.stream().map(DemoColumn::field).toList();

  private final long rows;
  private final TableFiller filler = new TableFiller(FIELDS);

  private DemoTable(long rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0");
    }
    this.rows = rows;
  }

  public static DemoTable generate(long rows) {
    return new DemoTable(rows);
  }

  @Override
  public List<BqField> columns() {
    return FIELDS;
  }

  @Override
  public long rowCount() {
    return rows;
  }

  @Override
  public void fill(VectorSchemaRoot root, long from, int count) {
    if (from < 0 || count < 0 || from + count > rows) {
      throw new IndexOutOfBoundsException("rows [" + from + ", " + (from + count) + ") of " + rows);
    }
    filler.fill(root, from, count, (column, row) -> COLUMNS.get(column).generator().apply(row));
  }

  /** The event_date of a row (never NULL): what a date window filters on. */
  public static LocalDate eventDate(long row) {
    return FIRST_EVENT_DATE.plusDays(Math.floorMod(mix(row), EVENT_DAYS));
  }

  /** The event_ts of a row: on the row's event_date, NULL on every 50th row. */
  public static Instant eventTs(long row) {
    if (row % 50 == 49) {
      return null;
    }
    long secondOfDay = Math.floorMod(mix(row ^ 0x5DEECE66DL), 86_400);
    // Even rows fall on whole seconds, odd rows carry microseconds.
    long micros = row % 2 == 0 ? 0 : Math.floorMod(mix(row + 7), 1_000_000);
    return eventDate(row).atStartOfDay(ZoneOffset.UTC).toInstant()
        .plusSeconds(secondOfDay).plusNanos(micros * 1000);
  }

  private static Object int64(long row) {
    return switch ((int) (row % 8)) {
      case 0 -> null;
      case 1 -> 0L;
      case 2 -> -1L;
      case 3 -> Long.MAX_VALUE;
      case 4 -> Long.MIN_VALUE;
      default -> Math.floorMod(mix(row), 2_000_000L) - 1_000_000L;
    };
  }

  private static Object float64(long row) {
    int k = (int) (row % FLOATS.length);
    return k == 10 ? row * 0.25 : FLOATS[k];
  }


  private static Object numeric(long row) {
    int k = (int) (row % 8);
    return k < NUMERICS.length
        ? NUMERICS[k]
        : BigDecimal.valueOf(Math.floorMod(mix(row), 2_000_000_000_000L) - 1_000_000_000_000L, 6);
  }


  private static Object bigNumeric(long row) {
    int k = (int) (row % 6);
    return k < BIGNUMERICS.length ? BIGNUMERICS[k] : BigDecimal.valueOf(mix(row), 20);
  }


  private static Object string(long row) {
    int k = (int) (row % STRINGS.length);
    return k == STRINGS.length - 1 ? "row-" + row : STRINGS[k];
  }


  private static Object bytes(long row) {
    int k = (int) (row % BYTES.length);
    return k == BYTES.length - 1 ? Long.toString(row).getBytes(StandardCharsets.UTF_8) : BYTES[k];
  }


  private static Object time(long row) {
    int k = (int) (row % TIMES.length);
    return k == TIMES.length - 1 ? LocalTime.ofSecondOfDay(Math.floorMod(mix(row), 86_400)) : TIMES[k];
  }


  private static Object dateTime(long row) {
    int k = (int) (row % DATETIMES.length);
    return k == DATETIMES.length - 1
        ? eventDate(row).atTime(LocalTime.ofSecondOfDay(Math.floorMod(mix(row), 86_400)))
        : DATETIMES[k];
  }


  private static Object dateRange(long row) {
    if (row % DATE_RANGES.length == 1) {
      LocalDate day = eventDate(row);
      return new RangeValue(day, day.plusDays(7));
    }
    return pick(row, DATE_RANGES);
  }


  private static Object timestampRange(long row) {
    return pick(row, TS_RANGES);
  }


  private static Object address(long row) {
    return switch ((int) (row % 4)) {
      case 0 -> null;
      case 1 -> ADDRESS_1;
      case 2 -> ADDRESS_2;
      default -> Arrays.asList("", null, row, HALF_GEO);
    };
  }


  private static Object lineItems(long row) {
    int n = (int) (row % 3);
    List<Object> items = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      items.add(k == 0 && row % 7 == 0
          ? NULL_ITEM
          : Arrays.asList("SKU-" + row + "-" + k, (long) k + 1, PRICES[k]));
    }
    return items;
  }


  private static Object pick(long row, Object[] values) {
    return values[(int) (row % values.length)];
  }

  /** SplitMix64 finaliser: spreads consecutive rows over the value space deterministically. */
  private static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private record DemoColumn(BqField field, LongFunction<Object> generator) {}
}
