package io.bqsftp.csv;

/**
 * JSON string escaping for text inside ARRAY/STRUCT values: the double quote and the backslash
 * get a backslash, control characters the short escapes (n, r, t, b, f) or u00XX. Non-ASCII
 * UTF-8 is kept as is. Escaping happens in place after the raw text was appended.
 */
final class JsonEscaping {
  private static final byte[] HEX = "0123456789abcdef".getBytes();

  private JsonEscaping() {}

  /** Escapes bytes [start, size) of the buffer in place, e.g. a string value between its quotes. */
  static void escapeInPlace(TextBuffer out, int start) {
    byte[] a = out.array();
    int end = out.size();
    int extra = 0;
    for (int i = start; i < end; i++) {
      extra += extraBytes(a[i]);
    }
    if (extra == 0) {
      return;
    }
    out.ensureSpare(extra);
    a = out.array();
    int w = end + extra - 1;
    for (int r = end - 1; r >= start; r--) {
      byte b = a[r];
      switch (extraBytes(b)) {
        case 0 -> a[w--] = b;
        case 1 -> {
          a[w--] = shortEscape(b);
          a[w--] = '\\';
        }
        default -> {
          a[w--] = HEX[b & 0xF];
          a[w--] = HEX[(b >> 4) & 0xF];
          a[w--] = '0';
          a[w--] = '0';
          a[w--] = 'u';
          a[w--] = '\\';
        }
      }
    }
    out.truncate(end + extra);
  }

  private static int extraBytes(byte b) {
    if (b == '"' || b == '\\' || b == '\n' || b == '\r' || b == '\t' || b == '\b' || b == '\f') {
      return 1;
    }
    // Bytes >= 0x80 are negative: UTF-8 continuation and lead bytes stay as they are.
    return b >= 0 && b < 0x20 ? 5 : 0;
  }

  private static byte shortEscape(byte b) {
    return switch (b) {
      case '\n' -> 'n';
      case '\r' -> 'r';
      case '\t' -> 't';
      case '\b' -> 'b';
      case '\f' -> 'f';
      default -> b; // '"' and '\\' escape as themselves
    };
  }
}
