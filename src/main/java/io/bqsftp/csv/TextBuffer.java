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
    for (int i = end - 1; i >= size; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size = end;
  }

  /** Two-digit field such as a month, an hour or a minute. */
  void write2Digits(int value) {
    ensureSpare(2);
    bytes[size++] = (byte) ('0' + value / 10);
    bytes[size++] = (byte) ('0' + value % 10);
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
    int n = 1;
    while (value >= 10) {
      value /= 10;
      n++;
    }
    return n;
  }
}
