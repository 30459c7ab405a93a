package io.bqsftp.csv;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * FLOAT64 as GoogleSQL prints it: C's {@code %.15g}, or {@code %.17g} when 15 digits do not read
 * back as the same double; {@code nan}, {@code inf}, {@code -inf}, {@code -0}.
 *
 * <p>Fast path: a candidate 15-digit decimal is computed with double arithmetic and verified
 * exactly (an integer below 2^53 divided or multiplied by an exact power of ten is correctly
 * rounded by IEEE arithmetic, which is what parsing the decimal would yield). A 15-digit decimal
 * that reads back as the double is necessarily the correctly rounded {@code %.15g} digits, since
 * half an ulp is smaller than half the spacing of 15-digit decimals. Values needing 16 or 17
 * digits, or outside 1e-8..1e36, take the exact BigDecimal path.
 */
final class DoubleText {
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final long[] LONG_POW10 = new long[19];
  private static final long MIN_15_DIGITS = 100_000_000_000_000L;
  private static final long MAX_15_DIGITS = 999_999_999_999_999L;
  private static final MathContext DIGITS_15 = new MathContext(15, RoundingMode.HALF_EVEN);
  private static final MathContext DIGITS_17 = new MathContext(17, RoundingMode.HALF_EVEN);

  static {
    long p = 1;
    for (int i = 0; i < LONG_POW10.length; i++) {
      LONG_POW10[i] = p;
      p *= 10;
    }
  }

  private DoubleText() {}

  static void write(double value, TextBuffer out) {
    if (Double.isNaN(value)) {
      out.writeAscii("nan");
      return;
    }
    if (Double.doubleToRawLongBits(value) < 0) {
      out.writeByte('-');
      value = -value;
    }
    if (Double.isInfinite(value)) {
      out.writeAscii("inf");
    } else if (value == 0) {
      out.writeByte('0');
    } else if (!writeFifteenDigitsFast(value, out)) {
      writeExact(value, out);
    }
  }

  private static boolean writeFifteenDigitsFast(double a, TextBuffer out) {
    int exponent = (int) Math.floor(Math.log10(a));
    for (int attempt = 0; attempt < 3; attempt++) {
      int p = 14 - exponent;
      if (p > 22 || p < -22) {
        return false;
      }
      long n = Math.round(p >= 0 ? a * POW10[p] : a / POW10[-p]);
      if (n > MAX_15_DIGITS) {
        exponent++;
      } else if (n < MIN_15_DIGITS) {
        exponent--;
      } else {
        for (long c = n - 1; c <= n + 1; c++) {
          if (c >= MIN_15_DIGITS && c <= MAX_15_DIGITS && readsBackAs(c, p, a)) {
            writeG(c, 15, exponent, 15, out);
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }

  private static boolean readsBackAs(long digits, int p, double a) {
    return (p >= 0 ? digits / POW10[p] : digits * POW10[-p]) == a;
  }

  private static void writeExact(double a, TextBuffer out) {
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
    writeG(digits, count, count - 1 - rounded.scale(), precision, out);
  }

  /**
   * C's %g layout for a positive value {@code digits * 10^(exponent - count + 1)}: fixed notation
   * when -4 <= exponent < precision, otherwise d.ddde+XX; trailing zeros are removed.
   */
  static void writeG(long digits, int count, int exponent, int precision, TextBuffer out) {
    while (count > 1 && digits % 10 == 0) {
      digits /= 10;
      count--;
    }
    if (exponent < -4 || exponent >= precision) {
      long scale = LONG_POW10[count - 1];
      out.writeByte((int) ('0' + digits / scale));
      if (count > 1) {
        out.writeByte('.');
        out.writePadded(digits % scale, count - 1);
      }
      out.writeByte('e');
      out.writeByte(exponent < 0 ? '-' : '+');
      out.writePadded(Math.abs(exponent), 2);
    } else if (exponent >= 0) {
      int integerDigits = exponent + 1;
      if (count <= integerDigits) {
        out.writeLong(digits);
        for (int i = count; i < integerDigits; i++) {
          out.writeByte('0');
        }
      } else {
        long scale = LONG_POW10[count - integerDigits];
        out.writeLong(digits / scale);
        out.writeByte('.');
        out.writePadded(digits % scale, count - integerDigits);
      }
    } else {
      out.writeByte('0');
      out.writeByte('.');
      for (int i = -1; i > exponent; i--) {
        out.writeByte('0');
      }
      out.writePadded(digits, count);
    }
  }
}
