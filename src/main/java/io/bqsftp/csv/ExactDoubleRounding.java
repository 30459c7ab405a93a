package io.bqsftp.csv;

import java.math.BigInteger;

/**
 * A positive finite double rounded half-even to N significant decimal digits in exact integer
 * arithmetic, and whether that decimal reads back as the same double. The fallback of {@link
 * DoubleText} for values outside its double and 128-bit fast paths (huge, tiny, subnormal).
 *
 * <p>The double is {@code a = m * 2^q}; its N digits {@code c * 10^t} are {@code round(m * 2^q /
 * 10^t)}, one integer division (a shift when the divisor is a power of two). The decimal reads
 * back iff it lies inside the double's rounding interval: {@code |a - c * 10^t| <= 2^(q-1)},
 * strictly unless m is even, and {@code 2^(q-2)} below a power of two whose next lower double is
 * half as far away; the remainder of the division gives that distance.
 *
 * <p>Most values are decided without BigInteger: a/10^t is m times a 128-bit truncation of 10^-t
 * from a table, so its integer part and the top 64 bits of its fraction are known to within two
 * units of 2^-64. Unless that fraction lies within a small margin of 1/2 (rounding), of 1
 * (integer part) or of the half-gap (read-back, compared in doubles accurate to 2^-52), the
 * result is the exact one; otherwise the division above decides.
 */
final class ExactDoubleRounding {
  private static final long FRACTION_MASK = (1L << 52) - 1;
  /** 10^0 .. 10^343: every t reached for a double and N <= 17 has |t| <= 342. */
  private static final BigInteger[] POW10 = new BigInteger[344];

  static {
    BigInteger p = BigInteger.ONE;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p = p.multiply(BigInteger.TEN);
    }
  }

  /** 10^-t ~ M * 2^E for t in [-MAX_T, MAX_T]: M's high and low words and E, at index t + MAX_T. */
  private static final int MAX_T = 343;
  private static final long[] TENTH_HI = new long[2 * MAX_T + 1];
  private static final long[] TENTH_LO = new long[2 * MAX_T + 1];
  private static final int[] TENTH_EXP = new int[2 * MAX_T + 1];
  /** Units of 2^-64 kept between an approximate fraction and a decision boundary. */
  private static final long MARGIN = 1 << 8;
  /**
   * Distance kept between gap and half-gap in the read-back test, in units of the last digit;
   * both are computed in doubles to within 2^-51.
   */
  private static final double READ_BACK_MARGIN = 0x1p-40;

  static {
    for (int t = -MAX_T; t <= MAX_T; t++) {
      BigInteger mantissa;
      int exponent;
      if (t <= 0) {
        // 10^-t truncated to its top 128 bits: M * 2^E <= 10^-t < (M + 1) * 2^E.
        exponent = POW10[-t].bitLength() - 128;
        mantissa = exponent >= 0 ? POW10[-t].shiftRight(exponent) : POW10[-t].shiftLeft(-exponent);
      } else {
        // floor(2^(127 + b) / 10^t) with 2^(b-1) < 10^t < 2^b lies in [2^127, 2^128).
        exponent = -(127 + POW10[t].bitLength());
        mantissa = BigInteger.ONE.shiftLeft(-exponent).divide(POW10[t]);
      }
      TENTH_HI[t + MAX_T] = mantissa.shiftRight(64).longValue();
      TENTH_LO[t + MAX_T] = mantissa.longValue();
      TENTH_EXP[t + MAX_T] = exponent;
    }
  }

  static final int DIVIDED = 0;
  static final int TOO_LARGE = 1;
  static final int OUT_OF_RANGE = 2;

  private final boolean approximateFirst;
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
  /** Integer part and top 64 fraction bits of a / 10^t, set by {@link #divideApproximately}. */
  long quotient;
  long fraction;
  /** Whether {@code digits} read back as the double (computed for {@code readBack} requests). */
  boolean readsBack;

  ExactDoubleRounding(double a) {
    this(a, true);
  }

  /** With {@code approximateFirst} false, every value takes the BigInteger division (tests). */
  ExactDoubleRounding(double a, boolean approximateFirst) {
    this.approximateFirst = approximateFirst;
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
    if (!approximateFirst || !roundApproximately(n, log10Estimate, readBack)) {
      roundExactly(n, log10Estimate, readBack);
    }
  }

  /**
   * {@link #round} from the 128-bit table; false, with nothing decided, when the approximation is
   * too close to a boundary or out of its range.
   */
  private boolean roundApproximately(int n, int log10Estimate, boolean readBack) {
    int e = log10Estimate;
    for (int attempt = 0; attempt < 4; attempt++) {
      int divided = divideApproximately(e - n + 1);
      if (divided == TOO_LARGE) {
        e++; // the integer part has more than N digits
        continue;
      }
      if (divided == OUT_OF_RANGE || Long.compareUnsigned(fraction, -MARGIN) >= 0) {
        return false; // or the integer part may be one more
      }
      long c = quotient;
      int misestimate = digitsBeyond(c, n);
      if (misestimate != 0) {
        e += misestimate;
        continue;
      }
      long aboveHalf = fraction ^ Long.MIN_VALUE; // fraction - 2^63 as a signed word
      if (aboveHalf > -MARGIN && aboveHalf < MARGIN) {
        return false; // at or near a tie
      }
      boolean up = aboveHalf > 0;
      if (readBack) {
        double f = (fraction >>> 11) * 0x1p-53;
        double gap = up ? 1 - f : f;
        // The half-gap 2^(q-1) / 10^t in units of c is (a / 10^t) / (2m).
        double halfGap = (c + f) / ((!up && closerBelow ? 4 : 2) * (double) m);
        if (Math.abs(gap - halfGap) < READ_BACK_MARGIN) {
          return false;
        }
        readsBack = gap < halfGap;
      }
      floorLog10 = e;
      setDigits(c, up, n, e);
      return true;
    }
    return false;
  }

  /**
   * Sets {@link #quotient} and {@link #fraction} to the integer part and the top 64 fraction bits
   * of a / 10^t from the table: the true a / 10^t is in {@code quotient + [fraction, fraction + 2)
   * * 2^-64} (one unit for the truncated table entry times m, one for the bits below the 64 kept).
   * Returns {@link #DIVIDED}, {@link #TOO_LARGE} when the integer part has more than 62 bits, or
   * {@link #OUT_OF_RANGE} when t is outside the table or fewer than 64 + 2 fraction bits beyond
   * m's are available.
   */
  int divideApproximately(int t) {
    if (t < -MAX_T || t > MAX_T) {
      return OUT_OF_RANGE;
    }
    long mh = TENTH_HI[t + MAX_T];
    long ml = TENTH_LO[t + MAX_T];
    // P = m * M in three words; a / 10^t = (P + [0, m)) * 2^-sh.
    long p0 = m * ml;
    long lowHigh = Math.multiplyHigh(m, ml) + (ml < 0 ? m : 0); // unsigned high word, m > 0
    long midLow = m * mh;
    long p2 = Math.multiplyHigh(m, mh) + (mh < 0 ? m : 0);
    long p1 = lowHigh + midLow;
    if (Long.compareUnsigned(p1, midLow) < 0) {
      p2++;
    }
    int sh = -(q + TENTH_EXP[t + MAX_T]);
    int bitLength = p2 != 0 ? 192 - Long.numberOfLeadingZeros(p2)
        : p1 != 0 ? 128 - Long.numberOfLeadingZeros(p1) : 64 - Long.numberOfLeadingZeros(p0);
    if (bitLength - sh > 62) {
      return TOO_LARGE;
    }
    // The neglected m * 2^-sh must stay below one unit of 2^-64 (here: a quarter).
    if (sh >= 192 || sh - 64 < 66 - Long.numberOfLeadingZeros(m)) {
      return OUT_OF_RANGE;
    }
    quotient = wordAt(p2, p1, p0, sh);
    fraction = wordAt(p2, p1, p0, sh - 64);
    return DIVIDED;
  }

  /** The 64 bits of the 192-bit p2:p1:p0 from bit {@code from} (0 <= from < 192) upwards. */
  private static long wordAt(long p2, long p1, long p0, int from) {
    if (from >= 128) {
      return p2 >>> (from - 128);
    }
    if (from >= 64) {
      int s = from - 64;
      return s == 0 ? p1 : (p1 >>> s) | (p2 << (64 - s));
    }
    return from == 0 ? p0 : (p0 >>> from) | (p1 << (64 - from));
  }

  private void setDigits(long c, boolean up, int n, int e) {
    if (up && c + 1 == DoubleText.longPow10(n)) {
      digits = DoubleText.longPow10(n - 1);
      exponent = e + 1;
    } else {
      digits = up ? c + 1 : c;
      exponent = e;
    }
  }

  /** {@link #round} by one BigInteger division (or shift). */
  private void roundExactly(int n, int log10Estimate, boolean readBack) {
    int e = log10Estimate;
    for (int attempt = 0; attempt < 4; attempt++) {
      int t = e - n + 1;
      BigInteger whole;
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
        whole = qr[0];
        remainder = qr[1];
      } else {
        // m * 10^-t * 2^q: exact for q >= 0, otherwise a shift right by -q.
        BigInteger numerator = POW10[-t].multiply(BigInteger.valueOf(m));
        if (q >= 0) {
          whole = numerator.shiftLeft(q);
          remainder = BigInteger.ZERO;
          divisor = BigInteger.ONE;
        } else {
          whole = numerator.shiftRight(-q);
          remainder = numerator.subtract(whole.shiftLeft(-q));
          divisor = BigInteger.ONE.shiftLeft(-q);
        }
      }
      if (whole.bitLength() > 62) {
        e++;
        continue;
      }
      long c = whole.longValue();
      int misestimate = digitsBeyond(c, n);
      if (misestimate != 0) {
        e += misestimate;
        continue;
      }
      int half = remainder.shiftLeft(1).compareTo(divisor);
      boolean up = half > 0 || (half == 0 && (c & 1) == 1);
      floorLog10 = e;
      if (readBack) {
        readsBack = readsBack(up ? divisor.subtract(remainder) : remainder, !up, t);
      }
      setDigits(c, up, n, e);
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

  /** +1 when {@code c} has more than {@code n} digits, -1 when fewer: the exponent guess was off. */
  private static int digitsBeyond(long c, int n) {
    return c >= DoubleText.longPow10(n) ? 1 : c < DoubleText.longPow10(n - 1) ? -1 : 0;
  }
}
