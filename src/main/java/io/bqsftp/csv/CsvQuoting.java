package io.bqsftp.csv;

import java.nio.charset.StandardCharsets;

/**
 * The RFC 4180 rule BigQuery uses: a field is quoted only when it contains the delimiter, a
 * double quote, CR or LF; inner double quotes are doubled. Values are first written unquoted and
 * quoted afterwards in place, which keeps the common case (nothing to quote) a single scan.
 */
final class CsvQuoting {
  private final byte[] delimiter;

  CsvQuoting(char delimiter) {
    if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
      throw new IllegalArgumentException("CSV delimiter cannot be a quote, CR or LF");
    }
    if (Character.isSurrogate(delimiter)) {
      throw new IllegalArgumentException("CSV delimiter must be a single BMP character");
    }
    this.delimiter = String.valueOf(delimiter).getBytes(StandardCharsets.UTF_8);
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
    boolean needed = false;
    int quotes = 0;
    byte d0 = delimiter[0];
    for (int i = start; i < end; i++) {
      byte b = a[i];
      if (b == '"') {
        quotes++;
        needed = true;
      } else if (b == '\n' || b == '\r' || (b == d0 && delimiterAt(a, i, end))) {
        needed = true;
      }
    }
    if (needed) {
      quote(out, start, end, quotes);
    }
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

  /** Wraps [start, end) in quotes and doubles inner quotes, shifting right from the back. */
  private static void quote(TextBuffer out, int start, int end, int quotes) {
    int extra = 2 + quotes;
    out.ensureSpare(extra);
    byte[] a = out.array();
    int w = end + extra - 1;
    a[w--] = '"';
    for (int r = end - 1; r >= start; r--) {
      byte b = a[r];
      a[w--] = b;
      if (b == '"') {
        a[w--] = '"';
      }
    }
    a[w] = '"';
    out.truncate(end + extra);
  }
}
