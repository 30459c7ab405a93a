package io.bqsftp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-lines loader keeps values exactly as {@code bq load} does: NUMERIC and BIGNUMERIC to the
 * last digit over their whole range (both ends, sign included, as JSON numbers and as strings),
 * FLOAT64 {@code -0.0} as negative zero, INT64 at its limits; out-of-range values are refused.
 */
class JsonLinesPrecisionTest {
  static final String NUMERIC_MAX = "99999999999999999999999999999.999999999";
  static final String BIGNUMERIC_MAX = "578960446186580977117854925043439539266.34992332820282019728792003956564819967";
  static final String BIGNUMERIC_MIN = "-578960446186580977117854925043439539266.34992332820282019728792003956564819968";
  static final String SCHEMA = """
      [{"name": "n", "type": "NUMERIC"}, {"name": "bn", "type": "BIGNUMERIC"},
       {"name": "f", "type": "FLOAT64"}, {"name": "i", "type": "INT64"}]""";

  @TempDir Path dir;

  JsonLinesTable load(String rows) throws Exception {
    Files.writeString(dir.resolve("schema.json"), SCHEMA);
    Files.writeString(dir.resolve("rows.jsonl"), rows);
    return JsonLinesTable.load(dir.resolve("schema.json"), dir.resolve("rows.jsonl"));
  }

  @Test
  void extremesKeepEveryDigitAndTheirSign() throws Exception {
    JsonLinesTable table = load(String.join("\n",
        "{\"n\": " + NUMERIC_MAX + ", \"bn\": " + BIGNUMERIC_MAX + ", \"f\": -0.0, \"i\": 9223372036854775807}",
        "{\"n\": -" + NUMERIC_MAX + ", \"bn\": " + BIGNUMERIC_MIN + ", \"f\": -0, \"i\": -9223372036854775808}",
        "{\"n\": \"-" + NUMERIC_MAX + "\", \"bn\": \"" + BIGNUMERIC_MIN + "\", \"f\": \"-0.0\", \"i\": \"-1\"}",
        "{\"n\": -0.000000001, \"bn\": -0.00000000000000000000000000000000000001, \"f\": 0.1, \"i\": -0}",
        "{\"n\": -0.0000000005, \"bn\": 12345678901234567890.123456789012345678901234567890123456789, \"f\": 1.7976931348623157e308}"));
    try (var allocator = new RootAllocator(); var root = VectorSchemaRoot.create(table.schema(), allocator)) {
      table.fill(root, 0, 5);
      DecimalVector n = (DecimalVector) root.getVector("n");
      Decimal256Vector bn = (Decimal256Vector) root.getVector("bn");
      Float8Vector f = (Float8Vector) root.getVector("f");
      BigIntVector i = (BigIntVector) root.getVector("i");

      assertThat(n.getObject(0)).isEqualTo(new BigDecimal(NUMERIC_MAX));
      assertThat(n.getObject(1)).isEqualTo(new BigDecimal("-" + NUMERIC_MAX));
      assertThat(n.getObject(2)).isEqualTo(new BigDecimal("-" + NUMERIC_MAX));
      assertThat(n.getObject(3)).isEqualTo(new BigDecimal("-0.000000001"));
      // Half away from zero, as BigQuery rounds extra digits.
      assertThat(n.getObject(4)).isEqualTo(new BigDecimal("-0.000000001"));

      assertThat(bn.getObject(0)).isEqualTo(new BigDecimal(BIGNUMERIC_MAX));
      assertThat(bn.getObject(1)).isEqualTo(new BigDecimal(BIGNUMERIC_MIN));
      assertThat(bn.getObject(2)).isEqualTo(new BigDecimal(BIGNUMERIC_MIN));
      assertThat(bn.getObject(3)).isEqualTo(new BigDecimal("-1E-38").setScale(38));
      assertThat(bn.getObject(4)).isEqualTo(new BigDecimal("12345678901234567890.12345678901234567890123456789012345679"));

      assertThat(Double.doubleToRawLongBits(f.get(0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
      assertThat(Double.doubleToRawLongBits(f.get(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
      assertThat(Double.doubleToRawLongBits(f.get(2))).isEqualTo(Double.doubleToRawLongBits(-0.0));
      assertThat(f.get(3)).isEqualTo(0.1);
      assertThat(f.get(4)).isEqualTo(Double.MAX_VALUE);

      assertThat(i.get(0)).isEqualTo(Long.MAX_VALUE);
      assertThat(i.get(1)).isEqualTo(Long.MIN_VALUE);
      assertThat(i.get(2)).isEqualTo(-1);
      assertThat(i.get(3)).isZero();
    }
  }

  @Test
  void valuesJustOutsideTheRangeAreRefused() {
    assertThatThrownBy(() -> load("{\"n\": 100000000000000000000000000000}"))
        .hasMessageContaining("out of range for NUMERIC");
    assertThatThrownBy(() -> load("{\"n\": \"-" + NUMERIC_MAX + "9\"}"))
        .hasMessageContaining("out of range for NUMERIC");
    assertThatThrownBy(() -> load("{\"bn\": " + BIGNUMERIC_MAX.replaceAll("7$", "8") + "}"))
        .hasMessageContaining("out of range for BIGNUMERIC");
    assertThatThrownBy(() -> load("{\"bn\": \"" + BIGNUMERIC_MIN.replaceAll("8$", "9") + "\"}"))
        .hasMessageContaining("out of range for BIGNUMERIC");
    assertThatThrownBy(() -> load("{\"i\": 9223372036854775808}")).hasMessageContaining("INT64");
    assertThatThrownBy(() -> load("{\"i\": 1, \"i\": 2}")).hasMessageContaining("duplicate key");
  }
}
