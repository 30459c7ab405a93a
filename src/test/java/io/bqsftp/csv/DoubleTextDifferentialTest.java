package io.bqsftp.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleText} against its former BigDecimal algorithm ({@link BigDecimalDoubleText}), byte
 * for byte: the whole writer (fast paths included) and its exact integer path on its own, on the
 * doubles the other FLOAT64 tests use, on boundary values and on random bit patterns.
 */
class DoubleTextDifferentialTest {

  private static String format(double v) {
    TextBuffer out = new TextBuffer(32);
    DoubleText.write(v, out);
    return text(out);
  }

  /** The exact path alone; with {@code approximateFirst} false, its BigInteger division alone. */
  private static String formatExact(double a, boolean approximateFirst) {
    TextBuffer out = new TextBuffer(32);
    DoubleText.writeExact(
        new ExactDoubleRounding(a, approximateFirst), a, DoubleText.UNKNOWN, out);
    return text(out);
  }

  private static String text(TextBuffer out) {
    return new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
  }

  /**
   * Both signs of v: the writer and, for finite non-zero values, the exact path alone, with and
   * without its 128-bit approximation.
   */
  private static void check(double v) {
    check(v, true);
  }

  private static void check(double v, boolean alsoDivision) {
    if (Double.isNaN(v)) {
      assertThat(format(v)).isEqualTo(BigDecimalDoubleText.format(v));
      return;
    }
    double a = Math.abs(v);
    String expected = BigDecimalDoubleText.format(a);
    assertThat(format(a)).as("bits %x", Double.doubleToRawLongBits(a)).isEqualTo(expected);
    assertThat(format(-a)).as("bits %x", Double.doubleToRawLongBits(-a)).isEqualTo("-" + expected);
    if (a != 0 && Double.isFinite(a)) {
      assertThat(formatExact(a, true)).as("exact path, bits %x", Double.doubleToRawLongBits(a))
          .isEqualTo(expected);
      if (alsoDivision) {
        assertThat(formatExact(a, false)).as("division, bits %x", Double.doubleToRawLongBits(a))
            .isEqualTo(expected);
      }
    }
  }

  private static void checkWithNeighbours(double v) {
    check(v);
    check(Math.nextUp(v));
    check(Math.nextDown(v));
  }

  @Test
  void glibcSamplesAndValuesOfTheOtherTests() {
    int checked = 0;
    for (String line : CPrintfSamples.BITS_AND_TEXT.split("\n")) {
      if (!line.isBlank()) {
        check(Double.longBitsToDouble(Long.parseUnsignedLong(line.trim().split(" ")[0], 16)));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
    double[] values = {
      Double.NaN, Double.POSITIVE_INFINITY, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.0001,
      0.00001, 123456789012345.0, 1234567890123456.0, 1e15, 12345678901234567.0,
      123456789012345678.0, 1.5e-7, 1e100, 1000000000000000.25, 1000000000000000.75,
      1000000000000001.25, 1000000000000000.5, 562949953421312.125, 562949953421312.375,
      // the demo table's FLOAT64 column
      1e20, 0.1, 1.0, 123.456, 3.7123456789012345e-9
    };
    for (double v : values) {
      check(v);
    }
  }

  @Test
  void randomStreamsOfDoubleTextTest() {
    SplittableRandom inRange = new SplittableRandom(99);
    for (int i = 0; i < 200_000; i++) {
      check(Math.pow(10, inRange.nextDouble(-2.5, 17.5)) * (1 + inRange.nextDouble()));
    }
    SplittableRandom decimals = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      int digits = 1 + decimals.nextInt(17);
      long mantissa = decimals.nextLong((long) Math.pow(10, Math.min(digits, 18)));
      int exponent = decimals.nextInt(-30, 30);
      double decimal = Double.parseDouble(mantissa + "e" + exponent);
      double computed = decimals.nextDouble() * Math.pow(10, decimals.nextInt(-10, 20));
      check(decimal);
      check(computed);
      check(computed / 3);
    }
  }

  @Test
  void extremesAndPowersOfTwoAndTen() {
    for (double v : new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE}) {
      checkWithNeighbours(v);
    }
    for (long k = 1; k < 1000; k++) {
      check(Double.longBitsToDouble(k)); // smallest subnormals
      check(Double.longBitsToDouble(0x0010000000000000L - k)); // largest subnormals
      check(Double.longBitsToDouble(0x0010000000000000L + k)); // smallest normals
      check(Double.longBitsToDouble(0x7FF0000000000000L - k)); // largest finite
    }
    for (int e = -1074; e <= 1023; e++) {
      checkWithNeighbours(Math.scalb(1.0, e));
    }
    for (int e = -323; e <= 308; e++) {
      checkWithNeighbours(Double.parseDouble("1e" + e));
      checkWithNeighbours(Double.parseDouble("5e" + e));
    }
  }

  @Test
  void valuesThatRoundUpToTheNextPowerOfTen() {
    String[] significands = {
      "9.99999999999999950", "9.9999999999999995", "9.999999999999999", "9.99999999999999949",
      "9.9999999999999999", "9.99999999999999999"
    };
    for (int e = -324; e <= 308; e++) {
      for (String s : significands) {
        double v = Double.parseDouble(s + "e" + e);
        if (v != 0 && Double.isFinite(v)) {
          checkWithNeighbours(v);
        }
      }
    }
  }

  /**
   * Doubles exactly halfway between two N-digit decimals: (c + 1/2) * 10^t = o * 5^-t * 2^(t-1)
   * is a double when 2c + 1 = o * 5^-t with an odd o below 2^53 (t <= 0), or when t is 0 or 1.
   */
  @Test
  void exactTiesAtTheFifteenthAndSeventeenthDigit() {
    SplittableRandom random = new SplittableRandom(5);
    int ties = 0;
    for (int n : new int[] {15, 17}) {
      BigDecimal low = BigDecimal.TEN.pow(n - 1).multiply(BigDecimal.valueOf(2));
      for (int t = -22; t <= 1; t++) {
        for (int i = 0; i < 200; i++) {
          double v;
          if (t >= 0) {
            long c = (long) (random.nextDouble(0.1, 0.9) * Math.pow(10, n));
            v = t == 0 ? c + 0.5 : c * 10.0 + 5;
          } else {
            BigDecimal five = BigDecimal.valueOf(5).pow(-t);
            long lowO = low.divide(five, 0, RoundingMode.CEILING).longValueExact();
            long o = (lowO + random.nextLong(Math.max(1, Math.min(lowO * 4, 1L << 52)))) | 1;
            if (o >= 1L << 53) {
              continue;
            }
            v = Math.scalb((double) o, t - 1);
          }
          BigDecimal exact = new BigDecimal(v);
          BigDecimal shifted = exact.round(new MathContext(n + 1, RoundingMode.DOWN));
          boolean tie =
              exact.compareTo(shifted) == 0
                  && shifted.unscaledValue().mod(BigDecimal.TEN.toBigInteger()).intValue() == 5
                  && shifted.precision() == n + 1;
          if (tie) {
            ties++;
            checkWithNeighbours(v);
          }
        }
      }
    }
    assertThat(ties).isGreaterThan(1000);
  }

  @Test
  void randomBitPatterns() {
    SplittableRandom random = new SplittableRandom(20261201);
    for (int i = 0; i < 300_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (!Double.isNaN(v)) {
        check(v, i % 4 == 0); // the division alone on a quarter of them: it is the slow part
      }
    }
  }

  /**
   * The premise of the 128-bit approximation's margins: whenever it answers, the exact a / 10^t
   * lies in quotient + [fraction, fraction + 2) * 2^-64.
   */
  @Test
  void tableQuotientIsWithinTwoUnitsOfTheLastFractionWord() {
    SplittableRandom random = new SplittableRandom(11);
    BigDecimal unit = new BigDecimal(BigInteger.ONE.shiftLeft(64));
    int divided = 0;
    for (int i = 0; i < 100_000; i++) {
      double a = Math.abs(Double.longBitsToDouble(random.nextLong()));
      if (!Double.isFinite(a) || a == 0) {
        continue;
      }
      int t = (int) Math.floor(Math.log10(a)) - random.nextInt(13, 18);
      ExactDoubleRounding rounding = new ExactDoubleRounding(a);
      if (rounding.divideApproximately(t) != ExactDoubleRounding.DIVIDED) {
        continue;
      }
      divided++;
      BigDecimal scaled = new BigDecimal(a).scaleByPowerOfTen(-t).multiply(unit);
      BigDecimal low = new BigDecimal(BigInteger.valueOf(rounding.quotient).shiftLeft(64)
          .add(new BigInteger(Long.toUnsignedString(rounding.fraction))));
      assertThat(scaled).as("bits %x, t %d", Double.doubleToRawLongBits(a), t)
          .isGreaterThanOrEqualTo(low)
          .isLessThan(low.add(BigDecimal.valueOf(2)));
    }
    assertThat(divided).isGreaterThan(90_000);
  }
}
