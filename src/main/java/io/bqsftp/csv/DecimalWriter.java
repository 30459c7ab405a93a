package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

/**
 * NUMERIC (decimal128) and BIGNUMERIC (decimal256): plain decimal text without exponent, trailing
 * fraction zeros trimmed ({@code 1.5}, {@code 0}, {@code -0.000000001}). The little-endian two's
 * complement value is converted to base 10^9 with 32-bit limb division: no BigDecimal per value.
 * Inside JSON a string, which keeps all 38 or 76 digits for any reader.
 */
final class DecimalWriter extends ValueWriter {
  private static final int BILLION = 1_000_000_000;

  private final int byteWidth;
  private final int scale;
  private final int[] limbs;
  private final byte[] digits = new byte[96]; // filled from the right; 2^256 has 78 digits
  private ArrowBuf data;

  DecimalWriter(int bitWidth, int scale) {
    this.byteWidth = bitWidth / 8;
    this.scale = scale;
    this.limbs = new int[byteWidth / 4];
  }

  @Override
  void bind(FieldVector vector) {
    if (!(vector instanceof DecimalVector) && !(vector instanceof Decimal256Vector)) {
      throw new ClassCastException(vector.getClass().getName() + " is not a decimal vector");
    }
    super.bind(vector);
    data = vector.getDataBuffer();
  }

  @Override
  void writeText(int index, TextBuffer out) {
    long at = (long) index * byteWidth;
    boolean negative;
    int first;
    long low = data.getLong(at);
    if (fitsInLong(at, low) && low != Long.MIN_VALUE) {
      // Most NUMERIC values (and many BIGNUMERIC ones) are below 2^63 in magnitude.
      negative = low < 0;
      first = TextBuffer.writeDigitsBackwards(Math.abs(low), digits, digits.length);
    } else {
      negative = loadMagnitude(at);
      first = magnitudeDigits();
    }
    int count = digits.length - first;
    if (count == 1 && digits[first] == '0') {
      out.writeByte('0');
      return;
    }
    if (negative) {
      out.writeByte('-');
    }
    if (scale <= 0) {
      out.write(digits, first, count);
      for (int i = scale; i < 0; i++) {
        out.writeByte('0');
      }
      return;
    }
    int fractionEnd = digits.length;
    while (fractionEnd > digits.length - scale && digits[fractionEnd - 1] == '0') {
      fractionEnd--;
    }
    int integerDigits = count - scale;
    if (integerDigits > 0) {
      out.write(digits, first, integerDigits);
    } else {
      out.writeByte('0');
    }
    int fractionStart = digits.length - scale;
    if (fractionEnd > fractionStart) {
      out.writeByte('.');
      for (int i = integerDigits; i < 0; i++) {
        out.writeByte('0');
      }
      int from = Math.max(fractionStart, first);
      out.write(digits, from, fractionEnd - from);
    }
  }

  /** Whether the words above the lowest are all sign extension of it. */
  private boolean fitsInLong(long at, long low) {
    long sign = low >> 63;
    for (int k = 8; k < byteWidth; k += 8) {
      if (data.getLong(at + k) != sign) {
        return false;
      }
    }
    return true;
  }

  /** Reads the value into {@link #limbs} as a magnitude; returns whether it was negative. */
  private boolean loadMagnitude(long at) {
    for (int k = 0; k < limbs.length; k++) {
      limbs[k] = data.getInt(at + 4L * k);
    }
    boolean negative = limbs[limbs.length - 1] < 0;
    if (negative) {
      long carry = 1;
      for (int k = 0; k < limbs.length; k++) {
        long sum = (~limbs[k] & 0xFFFF_FFFFL) + carry;
        limbs[k] = (int) sum;
        carry = sum >>> 32;
      }
    }
    return negative;
  }

  /** Writes the magnitude's decimal digits right-aligned into {@link #digits}; returns start. */
  private int magnitudeDigits() {
    int pos = digits.length;
    int top = limbs.length;
    while (top > 0 && limbs[top - 1] == 0) {
      top--;
    }
    if (top == 0) {
      digits[--pos] = '0';
      return pos;
    }
    while (top > 0) {
      long remainder = 0;
      for (int k = top - 1; k >= 0; k--) {
        long current = remainder << 32 | (limbs[k] & 0xFFFF_FFFFL);
        long quotient = current / BILLION;
        limbs[k] = (int) quotient;
        remainder = current - quotient * BILLION;
      }
      while (top > 0 && limbs[top - 1] == 0) {
        top--;
      }
      // Two digits per step from TextBuffer's pair table; inner chunks are zero-padded to nine.
      int start = TextBuffer.writeDigitsBackwards(remainder, digits, pos);
      if (top > 0) {
        for (int i = pos - 9; i < start; i++) {
          digits[i] = '0';
        }
        start = pos - 9;
      }
      pos = start;
    }
    return pos;
  }

  @Override
  String alphabet() {
    return "-.0123456789";
  }
}
