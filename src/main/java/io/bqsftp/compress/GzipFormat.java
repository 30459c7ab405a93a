package io.bqsftp.compress;

import java.util.zip.Deflater;

/** The fixed parts of a single-member gzip file (RFC 1952) around a raw deflate stream. */
final class GzipFormat {
  static final int HEADER_LENGTH = 10;
  static final int TRAILER_LENGTH = 8;

  private GzipFormat() {}

  /** Header with no name, no mtime (reproducible output), XFL hinting the level, OS unknown. */
  static byte[] header(int level) {
    int xfl = level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0;
    return new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) 255};
  }

  /** CRC32 of all input, then its length mod 2^32, both little-endian. */
  static byte[] trailer(long crc32, long uncompressedLength) {
    byte[] t = new byte[TRAILER_LENGTH];
    putIntLE(t, 0, (int) crc32);
    putIntLE(t, 4, (int) uncompressedLength);
    return t;
  }

  private static void putIntLE(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
