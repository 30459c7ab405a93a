package io.bqsftp.csv;

import java.math.BigInteger;

/**
 * A positive finite double rounded half-even to N significant decimal digits in exact integer
 * arithmetic, and whether that decimal reads back as the same double. The fallback of {@link
 * DoubleText} for values outside its double and 128-bit fast paths (huge, tiny, subnormal).
 *
 * <p>The double is {@code a = m * 2^q}; its N digits {@code c * 10^t} are {@code round(m * 2^q /
 * 10^t)}, one integer division (a shift when the divisor is a power of two). With the remainder
 * {@code r = a - c * 10^t} in units of {@code 10^t / den}, the decimal reads back iff it lies inside
 * the double's rounding interval: {@code |r| <= 2^(q-1)}, strictly unless m is even, and {@code
 * 2^(q-2)} below a power of two whose next lower double is half as far away.
 */
final class ExactDoubleRounding {
  private static final long FRACTION_MASK = (1L << 52) - 1;
  /** 10^0 .. 10^343: |t| stays below 341 for every double and N <= 17. */
  private static final BigInteger[] POW10 = new BigInteger[344];

  static {
    BigInteger p = BigInteger.ONE;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p = p.multiply(BigInteger.TEN);
    }
  }

  private final long m;
  private final int q;
  /** True when a = 2^52 * 2^q above the smallest normal exponent: the lower half-gap is 2^(q-2). */
  private final boolean closerBelow;

  /** The rounded significand: N digits, or 10^(N-1) after rounding up to the next power of ten. */
  long digits;
  /** The decimal exponent of the rounded value, as in C's {@code %e}. */
  int exponent;
  /** floor(log10(a)), the exponent before rounding. */
  int floorLog10;
  /** Whether {@code digits} read back as the double (computed for {@code readBack} requests). */
  boolean readsBack;

  ExactDoubleRounding(double a) {
    long bits = Double.doubleToRawLongBits(a);
    int biased = (int) (bits >>> 52) & 0x7FF;
    m = biased == 0 ? bits & FRACTION_MASK : (bits & FRACTION_MASK) | (1L << 52);
    q = (biased == 0 ? 1 : biased) - 1075;
    closerBelow = m == 1L << 52 && biased > 1;
  }

  /**
   * Rounds to {@code n} digits (n <= 17), starting from an estimate of floor(log10(a)) that may be
   * off by one; with {@code readBack}, also decides {@link #readsBack}.
   */
  void round(int n, int log10Estimate, boolean readBack) {
    int e = log10Estimate;
    for (int attempt = 0; attempt < 4; attempt++) {
      int t = e - n + 1;
      BigInteger quotient;
      BigInteger remainder;
      BigInteger divisor;
      if (t >= 0) {
        // m * 2^q / 10^t: a division by the cached power (times 2^-q for q < 0).
        BigInteger numerator = BigInteger.valueOf(m);
        divisor = POW10[t];
        if (q >= 0) {
          numerator = numerator.shiftLeft(q);
        } else {
          divisor = divisor.shiftLeft(-q);
        }
        BigInteger[] qr = numerator.divideAndRemainder(divisor);
        quotient = qr[0];
        remainder = qr[1];
      } else {
        // m * 10^-t * 2^q: exact for q >= 0, otherwise a shift right by -q.
        BigInteger numerator = POW10[-t].multiply(BigInteger.valueOf(m));
        if (q >= 0) {
          quotient = numerator.shiftLeft(q);
          remainder = BigInteger.ZERO;
          divisor = BigInteger.ONE;
        } else {
          quotient = numerator.shiftRight(-q);
          remainder = numerator.subtract(quotient.shiftLeft(-q));
          divisor = BigInteger.ONE.shiftLeft(-q);
        }
      }
      if (quotient.bitLength() > 62) {
        e++;
        continue;
      }
      long c = quotient.longValue();
      if (c >= DoubleText.longPow10(n)) {
        e++;
        continue;
      }
      if (c < DoubleText.longPow10(n - 1)) {
        e--;
        continue;
      }
      int half = remainder.shiftLeft(1).compareTo(divisor);
      boolean up = half > 0 || (half == 0 && (c & 1) == 1);
      floorLog10 = e;
      if (readBack) {
        readsBack = readsBack(up ? divisor.subtract(remainder) : remainder, !up, t);
      }
      if (up && c + 1 == DoubleText.longPow10(n)) {
        digits = DoubleText.longPow10(n - 1);
        exponent = e + 1;
      } else {
        digits = up ? c + 1 : c;
        exponent = e;
      }
      return;
    }
    throw new IllegalStateException("no decimal exponent found for " + m + " * 2^" + q);
  }

  /**
   * Whether a decimal at distance {@code gap * 10^t / divisor} from a, below a when {@code below},
   * lies in a's rounding interval. The half-gap 2^(q-1) in the same units, times 4, is {@code 2^(q+1)
   * * divisor / 10^t}, which for every case of {@link #round} is the integer {@code 2^(max(q, 0) + 1)
   * * 10^max(-t, 0)}.
   */
  private boolean readsBack(BigInteger gap, boolean below, int t) {
    if (gap.signum() == 0) {
      return true;
    }
    BigInteger limit = POW10[Math.max(-t, 0)].shiftLeft(Math.max(q, 0) + 1);
    // 4 * gap against the half-gap times 4, or 8 * gap when the lower half-gap is halved.
    int cmp = gap.shiftLeft(below && closerBelow ? 3 : 2).compareTo(limit);
    return cmp < 0 || (cmp == 0 && (m & 1) == 0);
  }
}
