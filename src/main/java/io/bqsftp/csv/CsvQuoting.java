package io.bqsftp.csv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The RFC 4180 rule BigQuery uses: a field is quoted only when it contains the delimiter, a
 * double quote, CR or LF; inner double quotes are doubled. Values are first written unquoted and
 * quoted afterwards in place, which keeps the common case (nothing to quote) a single scan.
 */
final class CsvQuoting {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
  private static final long QUOTES = ONES * '"';
  private static final long LFS = ONES * '\n';
  private static final long CRS = ONES * '\r';

  private final byte[] delimiter;
  /** The delimiter byte in every lane, for a single-byte delimiter. */
  private final long delimiters;

  CsvQuoting(char delimiter) {
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
      throw new IllegalArgumentException("CSV delimiter cannot be a quote, CR or LF");
    }
    if (Character.isSurrogate(delimiter)) {
      throw new IllegalArgumentException("CSV delimiter must be a single BMP character");
    }
    this.delimiter = String.valueOf(delimiter).getBytes(StandardCharsets.UTF_8);
    this.delimiters = ONES * (this.delimiter[0] & 0xFF);
  }

  byte[] delimiterBytes() {
    return delimiter;
  }

  /** True when the delimiter is one of the given ASCII characters (a value alphabet). */
  boolean delimiterIsAnyOf(String asciiAlphabet) {
    return delimiter.length == 1 && asciiAlphabet.indexOf(delimiter[0]) >= 0;
  }

  /** Quotes bytes [start, size) of the buffer in place if the CSV rule requires it. */
  void quoteIfNeeded(TextBuffer out, int start) {
    byte[] a = out.array();
    int end = out.size();
    if (delimiter.length == 1 ? needsQuotingSingleByte(a, start, end) : needsQuotingMultiByte(a, start, end)) {
      quote(out, start, end);
    }
  }

  /** Eight bytes per step (SWAR): most values have nothing to quote, so the scan is the cost. */
  private boolean needsQuotingSingleByte(byte[] a, int start, int end) {
    int i = start;
    for (; i + 8 <= end; i += 8) {
      long w = (long) LONGS.get(a, i);
      if ((hasZeroByte(w ^ QUOTES) | hasZeroByte(w ^ LFS) | hasZeroByte(w ^ CRS) | hasZeroByte(w ^ delimiters)) != 0) {
        return true;
      }
    }
    byte d0 = delimiter[0];
    for (; i < end; i++) {
      byte b = a[i];
      if (b == '"' || b == '\n' || b == '\r' || b == d0) {
        return true;
      }
    }
    return false;
  }

  /** Non-zero exactly when some byte of {@code x} is zero. */
  private static long hasZeroByte(long x) {
    return (x - ONES) & ~x & HIGH_BITS;
  }

  private boolean needsQuotingMultiByte(byte[] a, int start, int end) {
    byte d0 = delimiter[0];
    for (int i = start; i < end; i++) {
      byte b = a[i];
      if (b == '"' || b == '\n' || b == '\r' || (b == d0 && delimiterAt(a, i, end))) {
        return true;
      }
    }
    return false;
  }

  private boolean delimiterAt(byte[] a, int i, int end) {
    if (delimiter.length == 1) {
      return true;
    }
    if (i + delimiter.length > end) {
      return false;
    }
    for (int k = 1; k < delimiter.length; k++) {
      if (a[i + k] != delimiter[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Wraps [start, end) in quotes and doubles inner quotes, shifting right from the back. Quotes
   * are counted eight bytes per step; without inner quotes the shift is one array copy, with them
   * the copy loop writes a speculative quote after every byte (overwritten unless the byte was a
   * quote) instead of branching on data that JSON values make unpredictable.
   */
  private static void quote(TextBuffer out, int start, int end) {
    int quotes = countQuotes(out.array(), start, end);
    int extra = 2 + quotes;
    out.ensureSpare(extra);
    byte[] a = out.array();
    if (quotes == 0) {
      System.arraycopy(a, start, a, start + 1, end - start);
      a[start] = '"';
      a[end + 1] = '"';
      out.truncate(end + 2);
      return;
    }
    int w = end + extra - 1;
    a[w--] = '"';
    for (int r = end - 1; r >= start; r--) {
      byte b = a[r];
      a[w] = b;
      a[w - 1] = '"';
      w -= b == '"' ? 2 : 1;
    }
    a[w] = '"';
    out.truncate(end + extra);
  }

  private static int countQuotes(byte[] a, int start, int end) {
    int quotes = 0;
    int i = start;
    for (; i + 8 <= end; i += 8) {
      quotes += Long.bitCount(zeroBytes((long) LONGS.get(a, i) ^ QUOTES));
    }
    for (; i < end; i++) {
      quotes += a[i] == '"' ? 1 : 0;
    }
    return quotes;
  }

  /** The high bit of each byte of {@code x} that is zero, and no other bit (exact, unlike {@link #hasZeroByte}). */
  private static long zeroBytes(long x) {
    long low7 = ~HIGH_BITS;
    return ~(((x & low7) + low7) | x | low7);
  }
}
