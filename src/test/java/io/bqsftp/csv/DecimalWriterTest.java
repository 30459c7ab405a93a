package io.bqsftp.csv;

import static io.bqsftp.csv.CsvTestSupport.bignumeric;
import static io.bqsftp.csv.CsvTestSupport.numeric;
import static io.bqsftp.csv.CsvTestSupport.renderColumn;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.junit.jupiter.api.Test;

/** NUMERIC and BIGNUMERIC text against BigDecimal's plain string on random values of every size. */
class DecimalWriterTest {
  private static final int ROWS = 20_000;

  @Test
  void numericMatchesBigDecimalForRandomMagnitudes() {
    List<BigInteger> unscaled = randomUnscaled(126, new SplittableRandom(4));
    assertThat(renderColumn(numeric("n"), ROWS, (DecimalVector v) -> {
      for (int i = 0; i < ROWS; i++) {
        v.setSafe(i, new BigDecimal(unscaled.get(i), 9));
      }
    })).isEqualTo(expected(unscaled, 9));
  }

  @Test
  void bignumericMatchesBigDecimalForRandomMagnitudes() {
    List<BigInteger> unscaled = randomUnscaled(254, new SplittableRandom(5));
    assertThat(renderColumn(bignumeric("b", 77), ROWS, (Decimal256Vector v) -> {
      for (int i = 0; i < ROWS; i++) {
        v.setBigEndianSafe(i, unscaled.get(i).toByteArray());
      }
    })).isEqualTo(expected(unscaled, 38));
  }

  /** Random bit lengths up to maxBits, both signs, some with runs of zero digits (10^k multiples). */
  private static List<BigInteger> randomUnscaled(int maxBits, SplittableRandom random) {
    List<BigInteger> values = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      int bits = random.nextInt(maxBits + 1);
      BigInteger v = new BigInteger(bits, new Random(random.nextLong()));
      if (random.nextInt(4) == 0) {
        int zeros = random.nextInt(30);
        BigInteger p = BigInteger.TEN.pow(zeros);
        v = v.divide(p).multiply(p);
      }
      values.add(random.nextBoolean() ? v.negate() : v);
    }
    return values;
  }

  private static List<String> expected(List<BigInteger> unscaled, int scale) {
    List<String> text = new ArrayList<>();
    for (BigInteger v : unscaled) {
      BigDecimal d = new BigDecimal(v, scale);
      text.add(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
    }
    return text;
  }
}
