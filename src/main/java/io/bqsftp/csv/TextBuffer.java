package io.bqsftp.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A growable byte array that value writers append UTF-8 text to. Digits are written directly so
 * that numbers, dates and times never go through a String.
 */
final class TextBuffer {
  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
  /** "00" "01" ... "99": numbers are written two digits per division. */
  private static final byte[] DIGIT_PAIRS = new byte[200];
  /** 10^0 .. 10^18. */
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private byte[] bytes;
  private int size;

  TextBuffer(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  /** Cuts the content back to {@code newSize} bytes (used to drop or keep a prefix). */
  void truncate(int newSize) {
    size = newSize;
  }

  /** Moves bytes [from, size) to the start: keeps a row that did not fit into the last chunk. */
  void keepTail(int from) {
    System.arraycopy(bytes, from, bytes, 0, size - from);
    size -= from;
  }

  void ensureSpare(int extra) {
    int needed = size + extra;
    if (needed > bytes.length) {
      if (needed < 0) {
        throw new IllegalStateException("CSV row exceeds 2 GiB");
      }
      bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length + (bytes.length >> 1)));
    }
  }

  void writeByte(int b) {
    ensureSpare(1);
    bytes[size++] = (byte) b;
  }

  void write(byte[] src) {
    write(src, 0, src.length);
  }

  void write(byte[] src, int offset, int length) {
    ensureSpare(length);
    System.arraycopy(src, offset, bytes, size, length);
    size += length;
  }

  /** Copies {@code length} bytes of an Arrow buffer, e.g. a UTF-8 value of a utf8 vector. */
  void write(ArrowBuf src, long offset, int length) {
    ensureSpare(length);
    src.getBytes(offset, bytes, size, length);
    size += length;
  }

  /** Appends ASCII text; only for short constants, never on a per-value path with new Strings. */
  void writeAscii(String ascii) {
    int n = ascii.length();
    ensureSpare(n);
    for (int i = 0; i < n; i++) {
      bytes[size++] = (byte) ascii.charAt(i);
    }
  }

  /** Decimal digits of a long with a leading '-' when negative. */
  void writeLong(long value) {
    if (value == Long.MIN_VALUE) {
      write(LONG_MIN);
      return;
    }
    if (value < 0) {
      writeByte('-');
      value = -value;
    }
    writeUnsignedDigits(value, digitCount(value));
  }

  /** Exactly {@code width} digits of a non-negative value, zero-padded on the left. */
  void writePadded(long value, int width) {
    writeUnsignedDigits(value, Math.max(width, digitCount(value)));
  }

  private void writeUnsignedDigits(long value, int width) {
    ensureSpare(width);
    int end = size + width;
    int digitsStart = writeDigitsBackwards(value, bytes, end);
    for (int i = size; i < digitsStart; i++) {
      bytes[i] = '0';
    }
    size = end;
  }

  /**
   * Writes the digits of a non-negative value so that they end just before {@code end}; returns
   * where they start. Two digits per division, in int arithmetic once the value fits.
   */
  static int writeDigitsBackwards(long value, byte[] into, int end) {
    int pos = end;
    while (value > Integer.MAX_VALUE) {
      long q = value / 100;
      int r = (int) (value - q * 100);
      value = q;
      into[--pos] = DIGIT_PAIRS[2 * r + 1];
      into[--pos] = DIGIT_PAIRS[2 * r];
    }
    int v = (int) value;
    while (v >= 100) {
      int q = v / 100;
      int r = v - q * 100;
      v = q;
      into[--pos] = DIGIT_PAIRS[2 * r + 1];
      into[--pos] = DIGIT_PAIRS[2 * r];
    }
    if (v >= 10) {
      into[--pos] = DIGIT_PAIRS[2 * v + 1];
      into[--pos] = DIGIT_PAIRS[2 * v];
    } else {
      into[--pos] = (byte) ('0' + v);
    }
    return pos;
  }

  /** Two-digit field such as a month, an hour or a minute. */
  void write2Digits(int value) {
    ensureSpare(2);
    bytes[size++] = DIGIT_PAIRS[2 * value];
    bytes[size++] = DIGIT_PAIRS[2 * value + 1];
  }

  /**
   * Writes {@code .f} for a fraction of {@code width} digits with trailing zeros removed; writes
   * nothing for a zero fraction. BigQuery trims TIME/DATETIME/TIMESTAMP fractions this way.
   */
  void writeTrimmedFraction(long fraction, int width) {
    if (fraction == 0) {
      return;
    }
    while (fraction % 10 == 0) {
      fraction /= 10;
      width--;
    }
    writeByte('.');
    writePadded(fraction, width);
  }

  /** Number of decimal digits of a non-negative long; 1 for zero. */
  static int digitCount(long value) {
    // log10 from the bit length (1233/4096 ~ log10(2)), corrected by one comparison.
    int guess = ((64 - Long.numberOfLeadingZeros(value | 1)) * 1233) >>> 12;
    return Math.max(1, guess + (value >= POWERS_OF_TEN[guess] ? 1 : 0));
  }
}
