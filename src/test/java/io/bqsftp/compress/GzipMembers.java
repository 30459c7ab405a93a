package io.bqsftp.compress;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a gzip file member by member (RFC 1952) and checks each trailer, so tests can tell one
 * member from several concatenated ones, which GZIPInputStream silently joins.
 */
final class GzipMembers {
  record Member(byte[] data) {}

  private GzipMembers() {}

  static List<Member> parse(byte[] gz) throws DataFormatException {
    List<Member> members = new ArrayList<>();
    int pos = 0;
    while (pos < gz.length) {
      pos = readHeader(gz, pos);
      Inflater inflater = new Inflater(true);
      try {
        inflater.setInput(gz, pos, gz.length - pos);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (!inflater.finished()) {
          int n = inflater.inflate(buf);
          if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
            throw new IllegalStateException("truncated deflate stream");
          }
          data.write(buf, 0, n);
        }
        pos = gz.length - inflater.getRemaining();
        byte[] bytes = data.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        check(gz.length - pos >= 8, "missing trailer");
        check(readIntLE(gz, pos) == (int) crc.getValue(), "CRC32 mismatch");
        check(readIntLE(gz, pos + 4) == bytes.length, "ISIZE mismatch");
        pos += 8;
        members.add(new Member(bytes));
      } finally {
        inflater.end();
      }
    }
    check(!members.isEmpty(), "no gzip member");
    return members;
  }

  private static int readHeader(byte[] gz, int pos) {
    check(gz.length - pos >= 10, "short header");
    check((gz[pos] & 0xff) == 0x1f && (gz[pos + 1] & 0xff) == 0x8b, "bad magic");
    check(gz[pos + 2] == 8, "not deflate");
    int flags = gz[pos + 3] & 0xff;
    pos += 10;
    if ((flags & 4) != 0) { // FEXTRA
      pos += 2 + ((gz[pos] & 0xff) | (gz[pos + 1] & 0xff) << 8);
    }
    for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
      if ((flags & bit) != 0) {
        while (gz[pos++] != 0) {}
      }
    }
    if ((flags & 2) != 0) { // FHCRC
      pos += 2;
    }
    return pos;
  }

  private static int readIntLE(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
