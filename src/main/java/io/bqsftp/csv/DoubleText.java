package io.bqsftp.csv;

/**
 * FLOAT64 as GoogleSQL prints it: C's {@code %.15g}, or {@code %.17g} when 15 digits do not read
 * back as the same double; {@code nan}, {@code inf}, {@code -inf}, {@code -0}.
 *
 * <p>Fast path: a candidate 15-digit decimal is computed with double arithmetic and verified
 * exactly (an integer below 2^53 divided or multiplied by an exact power of ten is correctly
 * rounded by IEEE arithmetic, which is what parsing the decimal would yield). A 15-digit decimal
 * that reads back as the double is necessarily the correctly rounded {@code %.15g} digits, since
 * half an ulp is smaller than half the spacing of 15-digit decimals. Values that need 17 digits
 * are rounded exactly in 128-bit integer arithmetic when 0.01 <= |v| < 1e17; anything else
 * (huge, tiny and subnormal values) takes the exact {@link ExactDoubleRounding} path.
 */
final class DoubleText {
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final long[] LONG_POW10 = new long[19];
  private static final long MIN_15_DIGITS = 100_000_000_000_000L;
  private static final long MAX_15_DIGITS = 999_999_999_999_999L;
  private static final long MIN_17_DIGITS = 10_000_000_000_000_000L;
  private static final long MAX_17_DIGITS = 99_999_999_999_999_999L;
  private static final long FRACTION_MASK = (1L << 52) - 1;
  /** Results of the 15-digit fast path besides the decimal exponent of a 17-digit value. */
  private static final int WRITTEN = Integer.MAX_VALUE;
  static final int UNKNOWN = Integer.MIN_VALUE;

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
    } else {
      int result = writeFifteenDigitsFast(value, out);
      if (result != WRITTEN
          && (result == UNKNOWN || !writeSeventeenDigitsFast(value, result, out))) {
        writeExact(value, result, out);
      }
    }
  }

  /**
   * Writes the value if 15 digits read back; otherwise returns the decimal exponent when it is
   * certain that 17 digits are needed, or {@link #UNKNOWN} outside the fast path's range.
   */
  private static int writeFifteenDigitsFast(double a, TextBuffer out) {
    int exponent = (int) Math.floor(Math.log10(a));
    for (int attempt = 0; attempt < 3; attempt++) {
      int p = 14 - exponent;
      if (p > 22 || p < -22) {
        return UNKNOWN;
      }
      // One rounding error at most 0.11 below 1e15: the true 15 digits are within n +- 1.
      long n = Math.round(p >= 0 ? a * POW10[p] : a / POW10[-p]);
      if (n > MAX_15_DIGITS) {
        exponent++;
      } else if (n < MIN_15_DIGITS) {
        exponent--;
      } else {
        for (long c = n - 1; c <= n + 1; c++) {
          if (c >= MIN_15_DIGITS && c <= MAX_15_DIGITS && readsBackAs(c, p, a)) {
            writeG(c, 15, exponent, 15, out);
            return WRITTEN;
          }
        }
        // At either end of the window the 15 digits may sit on the next exponent's grid.
        return n == MIN_15_DIGITS || n == MAX_15_DIGITS ? UNKNOWN : exponent;
      }
    }
    return UNKNOWN;
  }

  /**
   * Exact 17 significant digits for 0.01 <= a < 1e17 (most data): a = m * 2^q, so the digits are
   * m * 10^k * 2^q rounded half-even, computed in 128-bit integer arithmetic.
   */
  private static boolean writeSeventeenDigitsFast(double a, int exponent, TextBuffer out) {
    long bits = Double.doubleToRawLongBits(a);
    int biased = (int) (bits >>> 52) & 0x7FF;
    long m = biased == 0 ? bits & FRACTION_MASK : (bits & FRACTION_MASK) | (1L << 52);
    int q = (biased == 0 ? 1 : biased) - 1075;
    for (int attempt = 0; attempt < 3; attempt++) {
      int k = 16 - exponent;
      if (k < 0 || k > 18) {
        return false;
      }
      long f = LONG_POW10[k];
      long lo = m * f;
      long hi = Math.multiplyHigh(m, f); // m < 2^53, f < 2^60: the product fits 113 bits
      long quotient;
      boolean roundUp;
      if (q >= 0) {
        if (q > 10 || hi != 0 || (lo >>> (62 - q)) != 0) {
          return false;
        }
        quotient = lo << q;
        roundUp = false;
      } else {
        int s = -q;
        if (s > 120) {
          return false;
        }
        if (s < 64) {
          if ((hi >>> (s - 1)) != 0) {
            exponent++; // quotient too large for the 17-digit window
            continue;
          }
          quotient = (hi << (64 - s)) | (lo >>> s);
          long remainder = lo & ((1L << s) - 1);
          long half = 1L << (s - 1);
          roundUp = remainder > half || (remainder == half && (quotient & 1) == 1);
        } else {
          quotient = hi >>> (s - 64);
          long remainderHi = s == 64 ? 0 : hi & ((1L << (s - 64)) - 1);
          long halfHi = s == 64 ? 0 : 1L << (s - 65);
          int vsHalf;
          if (s == 64) {
            vsHalf = Long.compareUnsigned(lo, 1L << 63);
          } else if (remainderHi != halfHi) {
            vsHalf = remainderHi > halfHi ? 1 : -1;
          } else {
            vsHalf = lo == 0 ? 0 : 1;
          }
          roundUp = vsHalf > 0 || (vsHalf == 0 && (quotient & 1) == 1);
        }
      }
      if (quotient < MIN_17_DIGITS) {
        exponent--;
      } else if (quotient > MAX_17_DIGITS) {
        exponent++;
      } else {
        long digits = quotient + (roundUp ? 1 : 0);
        if (digits > MAX_17_DIGITS) {
          writeG(MIN_17_DIGITS, 17, exponent + 1, 17, out); // rounded up to a power of ten
        } else {
          writeG(digits, 17, exponent, 17, out);
        }
        return true;
      }
    }
    return false;
  }

  private static boolean readsBackAs(long digits, int p, double a) {
    return (p >= 0 ? digits / POW10[p] : digits * POW10[-p]) == a;
  }

  /**
   * The exact path for a positive finite value: %.15g, or %.17g when that does not read back;
   * {@code log10} is floor(log10(a)) when the 15-digit fast path found that 17 digits are needed,
   * otherwise {@link #UNKNOWN}.
   */
  static void writeExact(double a, int log10, TextBuffer out) {
    writeExact(new ExactDoubleRounding(a), a, log10, out);
  }

  static void writeExact(ExactDoubleRounding rounding, double a, int log10, TextBuffer out) {
    if (log10 == UNKNOWN) {
      rounding.round(15, (int) Math.floor(Math.log10(a)), true);
      if (rounding.readsBack) {
        writeG(rounding.digits, 15, rounding.exponent, 15, out);
        return;
      }
      log10 = rounding.floorLog10;
    }
    rounding.round(17, log10, false);
    writeG(rounding.digits, 17, rounding.exponent, 17, out);
  }

  static long longPow10(int n) {
    return LONG_POW10[n];
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
