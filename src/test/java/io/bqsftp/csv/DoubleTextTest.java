package io.bqsftp.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FLOAT64 text against glibc's printf output and against a reference %g written here. */
class DoubleTextTest {

  private static String format(double v) {
    TextBuffer out = new TextBuffer(32);
    DoubleText.write(v, out);
    return new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
  }

  @Test
  void matchesGlibcPrintfSamples() {
    int checked = 0;
    for (String line : CPrintfSamples.BITS_AND_TEXT.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split(" ");
      double v = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
      assertThat(format(v)).as("bits %s", parts[0]).isEqualTo(parts[1]);
      assertThat(referenceG(v)).as("reference, bits %s", parts[0]).isEqualTo(parts[1]);
      checked++;
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void specialValues() {
    assertThat(format(Double.NaN)).isEqualTo("nan");
    assertThat(format(Double.longBitsToDouble(0xfff8000000000000L))).isEqualTo("nan");
    assertThat(format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(format(0.0)).isEqualTo("0");
    assertThat(format(-0.0)).isEqualTo("-0");
    assertThat(format(Double.MIN_VALUE)).isEqualTo("4.94065645841247e-324");
    assertThat(format(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
  }

  @Test
  void layoutSwitchesToExponentAtTheCBoundaries() {
    assertThat(format(0.0001)).isEqualTo("0.0001");
    assertThat(format(0.00001)).isEqualTo("1e-05");
    assertThat(format(123456789012345.0)).isEqualTo("123456789012345");
    assertThat(format(1234567890123456.0)).isEqualTo("1234567890123456");
    assertThat(format(1e15)).isEqualTo("1e+15");
    assertThat(format(12345678901234567.0)).isEqualTo("12345678901234568");
    assertThat(format(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
    assertThat(format(-1.5e-7)).isEqualTo("-1.5e-07");
    assertThat(format(1e100)).isEqualTo("1e+100");
  }

  @Test
  void exactTiesAtTheSeventeenthDigitRoundHalfEvenLikeGlibc() {
    assertThat(format(1000000000000000.25)).isEqualTo("1000000000000000.2");
    assertThat(format(1000000000000000.75)).isEqualTo("1000000000000000.8");
    assertThat(format(1000000000000001.25)).isEqualTo("1000000000000001.2");
    assertThat(format(1000000000000000.5)).isEqualTo("1000000000000000.5");
    assertThat(format(562949953421312.125)).isEqualTo("562949953421312.12");
    assertThat(format(562949953421312.375)).isEqualTo("562949953421312.38");
  }

  @Test
  void matchesReferenceOnSeventeenDigitValuesInTheIntegerFastPathRange() {
    SplittableRandom random = new SplittableRandom(99);
    for (int i = 0; i < 200_000; i++) {
      double v = Math.pow(10, random.nextDouble(-2.5, 17.5)) * (1 + random.nextDouble());
      assertThat(format(v)).as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(referenceG(v));
    }
  }

  @Test
  void matchesReferenceOnRandomBitPatterns() {
    SplittableRandom random = new SplittableRandom(20240501);
    for (int i = 0; i < 100_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (!Double.isNaN(v)) {
        assertThat(format(v)).as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(referenceG(v));
      }
    }
  }

  @Test
  void matchesReferenceOnDecimalLookingAndComputedValues() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      int digits = 1 + random.nextInt(17);
      long mantissa = random.nextLong((long) Math.pow(10, Math.min(digits, 18)));
      int exponent = random.nextInt(-30, 30);
      double decimal = Double.parseDouble(mantissa + "e" + exponent);
      double computed = random.nextDouble() * Math.pow(10, random.nextInt(-10, 20));
      for (double v : new double[] {decimal, -decimal, computed, computed / 3}) {
        assertThat(format(v)).as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(referenceG(v));
      }
    }
  }

  @Test
  void matchesReferenceAroundPowersOfTen() {
    for (int e = -323; e <= 308; e++) {
      double p = Double.parseDouble("1e" + e);
      for (double v : new double[] {p, Math.nextDown(p), Math.nextUp(p)}) {
        if (v != 0 && !Double.isInfinite(v)) {
          assertThat(format(v)).as("bits %x", Double.doubleToRawLongBits(v))
              .isEqualTo(referenceG(v));
        }
      }
    }
  }

  /**
   * C's "%.15g", or "%.17g" when that does not read back as the same double (GoogleSQL's rule),
   * implemented from the C standard's description with exact BigDecimal arithmetic.
   */
  static String referenceG(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    String sign = Double.doubleToRawLongBits(v) < 0 ? "-" : "";
    if (Double.isInfinite(v)) {
      return sign + "inf";
    }
    String fifteen = cStyleG(v, 15);
    return Double.parseDouble(fifteen) == v ? fifteen : cStyleG(v, 17);
  }

  private static String cStyleG(double v, int precision) {
    String sign = Double.doubleToRawLongBits(v) < 0 ? "-" : "";
    if (v == 0) {
      return sign + "0";
    }
    BigDecimal rounded =
        new BigDecimal(Math.abs(v)).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    int x = rounded.precision() - rounded.scale() - 1; // exponent of style e
    if (x < -4 || x >= precision) {
      String digits = stripZeros(rounded.unscaledValue().toString());
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.valueOf(Math.abs(x));
      return sign + mantissa + "e" + (x < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
    }
    String fixed = rounded.setScale(Math.max(precision - 1 - x, 0)).toPlainString();
    if (fixed.contains(".")) {
      fixed = stripZeros(fixed);
      if (fixed.endsWith(".")) {
        fixed = fixed.substring(0, fixed.length() - 1);
      }
    }
    return sign + fixed;
  }

  private static String stripZeros(String s) {
    int end = s.length();
    while (end > 1 && s.charAt(end - 1) == '0') {
      end--;
    }
    return s.substring(0, end);
  }
}
