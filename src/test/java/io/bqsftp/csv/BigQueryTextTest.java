package io.bqsftp.csv;

import static io.bqsftp.csv.CsvTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** One test per row of the spec's "Text output" table (docs/csv-format.md), literal expectations. */
class BigQueryTextTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void setStrings(VarCharVector v, String... values) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, utf8(values[i]));
      }
    }
  }

  @Test
  void nullIsAnEmptyField() {
    try (Batch batch = new Batch(int64("a"), string("b"), float64("c"))) {
      BigIntVector a = batch.vector(0);
      a.setNull(0);
      VarCharVector b = batch.vector(1);
      b.setNull(0);
      Float8Vector c = batch.vector(2);
      c.setNull(0);
      batch.rows(1);
      assertThat(encode(new ArrowCsvEncoder(batch.schema(), NO_HEADER), batch.root, 100))
          .isEqualTo(",,\n");
    }
  }

  @Test
  void emptyStringIsTwoQuotesSoItDiffersFromNull() {
    assertThat(renderColumn(string("s"), 2, (VarCharVector v) -> setStrings(v, "", null)))
        .containsExactly("\"\"", "");
  }

  @Test
  void stringIsQuotedOnlyWhenItContainsDelimiterQuoteCrOrLf() {
    try (Batch batch = new Batch(string("s"))) {
      setStrings(batch.vector(0), "plain text", "a,b", "say \"hi\"", "line1\nline2", "cr\rhere",
          "semi;colon");
      batch.rows(6);
      assertThat(encode(new ArrowCsvEncoder(batch.schema(), NO_HEADER), batch.root, 1000))
          .isEqualTo("plain text\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"line1\nline2\"\n\"cr\rhere\"\n"
              + "semi;colon\n");
    }
  }

  @Test
  void headerHasColumnNamesAndIsOnByDefault() {
    try (Batch batch = new Batch(int64("id"), string("name"))) {
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(batch.schema(), CsvFormat.BIGQUERY_DEFAULT);
      assertThat(new String(encoder.header(), StandardCharsets.UTF_8)).isEqualTo("id,name\n");
    }
  }

  @Test
  void rowsEndInLineFeedWithoutBom() {
    try (Batch batch = new Batch(int64("a"), int64("b"))) {
      BigIntVector a = batch.vector(0);
      BigIntVector b = batch.vector(1);
      a.setSafe(0, 1);
      b.setSafe(0, 2);
      a.setSafe(1, 3);
      b.setSafe(1, 4);
      batch.rows(2);
      ArrowCsvEncoder encoder = new ArrowCsvEncoder(batch.schema(), CsvFormat.BIGQUERY_DEFAULT);
      byte[] header = encoder.header();
      assertThat(header[0]).isEqualTo((byte) 'a');
      assertThat(encode(encoder, batch.root, 100)).isEqualTo("1,2\n3,4\n");
    }
  }

  @Test
  void delimiterIsCommaByDefaultAndConfigurable() {
    try (Batch batch = new Batch(int64("a"), string("b"))) {
      BigIntVector a = batch.vector(0);
      a.setSafe(0, 7);
      setStrings(batch.vector(1), "x;y");
      batch.rows(1);
      assertThat(encode(new ArrowCsvEncoder(batch.schema(), NO_HEADER), batch.root, 100))
          .isEqualTo("7,x;y\n");
      assertThat(
              encode(new ArrowCsvEncoder(batch.schema(), new CsvFormat(';', false)), batch.root, 99))
          .isEqualTo("7;\"x;y\"\n");
    }
  }

  @Test
  void int64IsDecimalDigitsWithMinusSign() {
    assertThat(
            renderColumn(int64("i"), 5, (BigIntVector v) -> {
              v.setSafe(0, 0);
              v.setSafe(1, 42);
              v.setSafe(2, -17);
              v.setSafe(3, Long.MAX_VALUE);
              v.setSafe(4, Long.MIN_VALUE);
            }))
        .containsExactly("0", "42", "-17", "9223372036854775807", "-9223372036854775808");
  }

  @Test
  void float64IsPercent15gOr17gLikeC() {
    double[] values = {1, 0.1, 1e20, 1.5e-7, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, -0.0, 0.0, 0.1 + 0.2, 123456.789, 1e15, 1e-5, 0.0001, -2.5};
    assertThat(
            renderColumn(float64("f"), values.length, (Float8Vector v) -> {
              for (int i = 0; i < values.length; i++) {
                v.setSafe(i, values[i]);
              }
            }))
        .containsExactly("1", "0.1", "1e+20", "1.5e-07", "nan", "inf", "-inf", "-0", "0",
            "0.30000000000000004", "123456.789", "1e+15", "1e-05", "0.0001", "-2.5");
  }

  @Test
  void numericIsPlainDecimalWithTrailingZerosTrimmed() {
    String[] values = {"1.5", "0", "-0.000000001", "123", "-42.100000000",
      "99999999999999999999999999999.999999999", "-99999999999999999999999999999.999999999",
      "10000000000", "0.5"};
    assertThat(
            renderColumn(numeric("n"), values.length, (DecimalVector v) -> {
              for (int i = 0; i < values.length; i++) {
                v.setSafe(i, new BigDecimal(values[i]).setScale(9));
              }
            }))
        .containsExactly("1.5", "0", "-0.000000001", "123", "-42.1",
            "99999999999999999999999999999.999999999", "-99999999999999999999999999999.999999999",
            "10000000000", "0.5");
  }

  @Test
  void bignumericIsPlainDecimalWithTrailingZerosTrimmed() {
    String max = "578960446186580977117854925043439539266.34992332820282019728792003956564819967";
    String[] values = {"1.5", "0", "-0.00000000000000000000000000000000000001", max, "-" + max,
      "-1", "12345678901234567890.5"};
    assertThat(
            renderColumn(bignumeric("b", 77), values.length, (Decimal256Vector v) -> {
              for (int i = 0; i < values.length; i++) {
                // setBigEndian: Arrow Java's BigDecimal setter refuses 77 digits.
                BigInteger unscaled = new BigDecimal(values[i]).setScale(38).unscaledValue();
                v.setBigEndian(i, unscaled.toByteArray());
              }
            }))
        .containsExactly("1.5", "0", "-0.00000000000000000000000000000000000001", max, "-" + max,
            "-1", "12345678901234567890.5");
  }

  @Test
  void boolIsTrueOrFalse() {
    assertThat(
            renderColumn(bool("b"), 3, (BitVector v) -> {
              v.setSafe(0, 1);
              v.setSafe(1, 0);
              v.setNull(2);
            }))
        .containsExactly("true", "false", "");
  }

  @Test
  void bytesIsStandardBase64WithPadding() {
    byte[][] values = {utf8("f"), utf8("fo"), utf8("foo"), utf8("foobar"),
      {(byte) 0xfb, (byte) 0xff, (byte) 0xfe}, {}};
    assertThat(
            renderColumn(bytes("b"), values.length, (VarBinaryVector v) -> {
              for (int i = 0; i < values.length; i++) {
                v.setSafe(i, values[i]);
              }
            }))
        .containsExactly("Zg==", "Zm8=", "Zm9v", "Zm9vYmFy", "+//+", "\"\"");
  }

  @Test
  void dateIsIsoDate() {
    LocalDate[] dates = {LocalDate.of(1970, 1, 1), LocalDate.of(2024, 2, 29),
      LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1969, 12, 31),
      LocalDate.of(2000, 3, 1)};
    assertThat(
            renderColumn(date("d"), dates.length, (DateDayVector v) -> {
              for (int i = 0; i < dates.length; i++) {
                v.setSafe(i, (int) dates[i].toEpochDay());
              }
            }))
        .containsExactly(
            "1970-01-01", "2024-02-29", "0001-01-01", "9999-12-31", "1969-12-31", "2000-03-01");
  }

  @Test
  void timeHasFractionOnlyWhenNonZeroAndTrimmed() {
    long h = 3_600_000_000L;
    long[] micros = {0, 13 * h + 45 * 60_000_000L + 30_000_000L, 500_000, 123_456, 1,
      24 * h - 1};
    assertThat(
            renderColumn(time("t"), micros.length, (TimeMicroVector v) -> {
              for (int i = 0; i < micros.length; i++) {
                v.setSafe(i, micros[i]);
              }
            }))
        .containsExactly("00:00:00", "13:45:30", "00:00:00.5", "00:00:00.123456",
            "00:00:00.000001", "23:59:59.999999");
  }

  @Test
  void datetimeHasTSeparatorAndTrimmedFraction() {
    assertThat(
            renderColumn(datetime("dt"), 3, (TimeStampMicroVector v) -> {
              v.setSafe(0, micros("2024-05-06T07:08:09Z"));
              v.setSafe(1, micros("2024-05-06T07:08:09Z") + 120_000);
              v.setSafe(2, micros("0001-01-01T00:00:00Z"));
            }))
        .containsExactly("2024-05-06T07:08:09", "2024-05-06T07:08:09.12", "0001-01-01T00:00:00");
  }

  @Test
  void timestampIsUtcWithSpaceSeparatorAndUtcSuffix() {
    assertThat(
            renderColumn(timestamp("ts"), 4, (TimeStampMicroTZVector v) -> {
              v.setSafe(0, micros("2024-05-06T07:08:09Z"));
              v.setSafe(1, micros("2024-05-06T07:08:09Z") + 1);
              v.setSafe(2, micros("1969-12-31T23:59:59.5Z"));
              v.setSafe(3, micros("9999-12-31T23:59:59.999999Z"));
            }))
        .containsExactly("2024-05-06 07:08:09 UTC", "2024-05-06 07:08:09.000001 UTC",
            "1969-12-31 23:59:59.5 UTC", "9999-12-31 23:59:59.999999 UTC");
  }

  @Test
  void geographyIsTheWktText() {
    Field geo = extension("g", ArrowType.Utf8.INSTANCE, "google:sqlType:geography");
    assertThat(
            renderColumn(geo, 2, (VarCharVector v) -> setStrings(v, "POINT(1 2)",
                "LINESTRING(1 2, 3 4)")))
        .containsExactly("POINT(1 2)", "\"LINESTRING(1 2, 3 4)\"");
  }

  @Test
  void jsonIsTheJsonTextQuotedByTheCsvRule() {
    Field json = extension("j", ArrowType.Utf8.INSTANCE, "google:sqlType:json");
    assertThat(
            renderColumn(json, 3, (VarCharVector v) -> setStrings(v, "{\"a\":1,\"b\":\"x\"}",
                "123", "null")))
        .containsExactly("\"{\"\"a\"\":1,\"\"b\"\":\"\"x\"\"}\"", "123", "null");
  }

  @Test
  void intervalIsCanonicalWithIndependentSigns() {
    long nanos = ((4 * 60 + 5) * 60 + 6) * 1_000_000_000L;
    assertThat(
            renderColumn(interval("i"), 8, (IntervalMonthDayNanoVector v) -> {
              v.setSafe(0, 14, 3, nanos);
              v.setSafe(1, 14, 3, nanos + 500_000_000L);
              v.setSafe(2, -14, -3, -nanos);
              v.setSafe(3, 0, 0, 0);
              v.setSafe(4, -1, 31, 0);
              v.setSafe(5, 0, 0, -1_000);
              v.setSafe(6, 0, 0, 1);
              v.setSafe(7, 0, 0, 100L * 3_600_000_000_000L + 789_999_000L);
            }))
        .containsExactly("1-2 3 4:5:6", "1-2 3 4:5:6.500", "-1-2 -3 -4:5:6", "0-0 0 0:0:0",
            "-0-1 31 0:0:0", "0-0 0 -0:0:0.000001", "0-0 0 0:0:0.000000001",
            "0-0 0 100:0:0.789999");
  }

  @Test
  void intervalFractionCanBeTrimmedInstead() {
    CsvTextOptions trimmed = new CsvTextOptions(false, true);
    try (Batch batch = new Batch(interval("i"))) {
      IntervalMonthDayNanoVector v = batch.vector(0);
      v.setSafe(0, 14, 3, ((4 * 60 + 5) * 60 + 6) * 1_000_000_000L + 500_000_000L);
      batch.rows(1);
      assertThat(encode(new ArrowCsvEncoder(batch.schema(), NO_HEADER, trimmed), batch.root, 99))
          .isEqualTo("1-2 3 4:5:6.5\n");
    }
  }

  @Test
  void rangeIsHalfOpenWithUnboundedForNullBound() {
    Field range = extension("r", ArrowType.Struct.INSTANCE, "google:sqlType:range",
        date("start"), date("end"));
    int jan1 = (int) LocalDate.of(2024, 1, 1).toEpochDay();
    assertThat(
            renderColumn(range, 4, (StructVector v) -> {
              DateDayVector start = (DateDayVector) v.getChild("start");
              DateDayVector end = (DateDayVector) v.getChild("end");
              v.setIndexDefined(0);
              start.setSafe(0, jan1);
              end.setSafe(0, jan1 + 31);
              v.setIndexDefined(1);
              start.setNull(1);
              end.setSafe(1, jan1);
              v.setIndexDefined(2);
              start.setSafe(2, jan1);
              end.setNull(2);
              v.setNull(3);
              start.setNull(3);
              end.setNull(3);
            }))
        .containsExactly("\"[2024-01-01, 2024-02-01)\"", "\"[UNBOUNDED, 2024-01-01)\"",
            "\"[2024-01-01, UNBOUNDED)\"", "");
  }

  @Test
  void rangeOfTimestampsWithoutExtensionIsRecognisedByShape() {
    Field range = struct("r", timestamp("start"), timestamp("end"));
    assertThat(
            renderColumn(range, new CsvFormat('|', false), 1, (StructVector v) -> {
              v.setIndexDefined(0);
              ((TimeStampMicroTZVector) v.getChild("start")).setSafe(0, 0);
              ((TimeStampMicroTZVector) v.getChild("end")).setNull(0);
            }))
        .containsExactly("[1970-01-01 00:00:00 UTC, UNBOUNDED)");
  }

  @Test
  void arrayIsCompactJsonQuotedByTheCsvRule() {
    Field array = list("a", int64("item"));
    assertThat(
            renderColumn(array, 3, (ListVector v) -> {
              BigIntVector items = (BigIntVector) v.getDataVector();
              v.startNewValue(0);
              items.setSafe(0, 1);
              items.setSafe(1, -2);
              v.endValue(0, 2);
              v.startNewValue(1);
              v.endValue(1, 0);
              v.startNewValue(2);
              items.setSafe(2, 3);
              v.endValue(2, 1);
            }))
        .containsExactly("\"[\"\"1\"\",\"\"-2\"\"]\"", "[]", "\"[\"\"3\"\"]\"");
  }

  @Test
  void structIsCompactJsonObjectQuotedByTheCsvRule() {
    Field struct = struct("s", string("name"), float64("score"), bool("ok"), date("day"));
    assertThat(
            renderColumn(struct, 1, (StructVector v) -> {
              v.setIndexDefined(0);
              ((VarCharVector) v.getChild("name")).setSafe(0, utf8("Ann \"A\""));
              ((Float8Vector) v.getChild("score")).setSafe(0, 1.5);
              ((BitVector) v.getChild("ok")).setSafe(0, 1);
              ((DateDayVector) v.getChild("day")).setSafe(0, 0);
            }))
        .containsExactly(
            "\"{\"\"name\"\":\"\"Ann \\\"\"A\\\"\"\"\",\"\"score\"\":1.5,\"\"ok\"\":true,"
                + "\"\"day\"\":\"\"1970-01-01\"\"}\"");
  }

  private static long micros(String instant) {
    java.time.Instant i = java.time.Instant.parse(instant);
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
  }

}
