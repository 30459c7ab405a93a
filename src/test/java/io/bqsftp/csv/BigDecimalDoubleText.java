package io.bqsftp.csv;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The oracle for {@link DoubleText}: its former exact path, which rounds the double's exact
 * BigDecimal value to 15 digits half-even, keeps them if {@code doubleValue} reads them back as the
 * same double, and otherwise rounds to 17 digits; laid out by {@link DoubleText#writeG}.
 */
final class BigDecimalDoubleText {
  private static final MathContext DIGITS_15 = new MathContext(15, RoundingMode.HALF_EVEN);
  private static final MathContext DIGITS_17 = new MathContext(17, RoundingMode.HALF_EVEN);

  private BigDecimalDoubleText() {}

  /** The whole FLOAT64 text: sign, nan, inf and zero as DoubleText writes them. */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    String sign = Double.doubleToRawLongBits(value) < 0 ? "-" : "";
    double a = Math.abs(value);
    if (Double.isInfinite(a)) {
      return sign + "inf";
    }
    return sign + (a == 0 ? "0" : formatExact(a));
  }

  /** A positive finite value. */
  static String formatExact(double a) {
    BigDecimal exact = new BigDecimal(a);
    BigDecimal rounded = exact.round(DIGITS_15);
    int precision = 15;
    if (rounded.doubleValue() != a) {
      rounded = exact.round(DIGITS_17);
      precision = 17;
    }
    rounded = rounded.stripTrailingZeros();
    long digits = rounded.unscaledValue().longValueExact();
    int count = TextBuffer.digitCount(digits);
    TextBuffer out = new TextBuffer(32);
    DoubleText.writeG(digits, count, count - 1 - rounded.scale(), precision, out);
    return new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
  }
}
