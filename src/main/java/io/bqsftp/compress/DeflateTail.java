package io.bqsftp.compress;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Turns a complete raw deflate stream into one that can be continued: its final block's BFINAL
 * bit is cleared and an empty stored block (the bytes a sync flush writes) is appended, so the
 * next block's stream starts on a byte boundary, as pigz joins blocks. libdeflate only writes
 * complete streams, and where its final block starts is known only by decoding: zlib's
 * {@code inflate(Z_BLOCK)} stops after each block and reports the bit position (the way zlib's
 * own gzappend finds the last block). That decode costs a fraction of deflating the block, and it
 * also proves the block inflates to the expected length.
 */
final class DeflateTail implements AutoCloseable {
  // struct z_stream on LP64 (zlib.h 1.2.x and 1.3.x): the fields used here, and its size.
  private static final int NEXT_IN = 0;
  private static final int AVAIL_IN = 8;
  private static final int NEXT_OUT = 24;
  private static final int AVAIL_OUT = 32;
  private static final int DATA_TYPE = 88;
  private static final int Z_STREAM_SIZE = 112;

  private static final int Z_OK = 0;
  private static final int Z_STREAM_END = 1;
  private static final int Z_BLOCK = 5;
  /** data_type flags after inflate(Z_BLOCK): at a block boundary; the block decoded was the last. */
  private static final int AT_BOUNDARY = 128;
  private static final int WAS_LAST = 64;

  /** Appended after the last block: a non-final empty stored block's LEN and NLEN. */
  static final int MARKER_BYTES = 4;

  private final Memory stream = new Memory(Z_STREAM_SIZE);
  private Memory scratch;

  DeflateTail() {
    stream.clear();
    int rc = LibdeflateNative.Zlib.inflateInit2_(stream, -15, LibdeflateNative.Zlib.zlibVersion(), Z_STREAM_SIZE);
    if (rc != Z_OK) {
      throw new IllegalStateException("inflateInit2 failed with " + rc);
    }
  }

  /**
   * Makes the raw deflate stream in {@code bytes[0, length)} (also at {@code nativeCopy}) non-final
   * and byte-aligned; {@code bytes} needs {@link #MARKER_BYTES} + 1 spare bytes.
   *
   * @param inflatedLength what the stream inflates to
   * @return the new length
   */
  int continuable(byte[] bytes, Pointer nativeCopy, int length, int inflatedLength) {
    long[] last = lastBlock(nativeCopy, length, inflatedLength);
    long header = last[0];
    long end = last[1];
    bytes[(int) (header >>> 3)] &= (byte) ~(1 << (header & 7)); // BFINAL = 0
    // The empty stored block: 3 zero header bits (not final, stored) right after the end-of-block
    // code, zero bits to the byte boundary, then LEN 0x0000 and NLEN 0xFFFF.
    int at = (int) (end >>> 3);
    int bit = (int) (end & 7);
    bytes[at] &= (byte) ((1 << bit) - 1);
    int aligned = (int) ((end + 3 + 7) >>> 3);
    for (int i = at + 1; i < aligned; i++) {
      bytes[i] = 0;
    }
    bytes[aligned] = 0;
    bytes[aligned + 1] = 0;
    bytes[aligned + 2] = (byte) 0xFF;
    bytes[aligned + 3] = (byte) 0xFF;
    return aligned + MARKER_BYTES;
  }

  /** Bit positions of the final block's header and of the end of its end-of-block code. */
  private long[] lastBlock(Pointer deflated, int length, int inflatedLength) {
    if (scratch == null || scratch.size() < inflatedLength + 1L) {
      if (scratch != null) {
        scratch.close();
      }
      scratch = new Memory(Math.max(inflatedLength + 1L, 64 * 1024));
    }
    check(LibdeflateNative.Zlib.inflateReset(stream), "inflateReset");
    stream.setPointer(NEXT_IN, deflated);
    stream.setInt(AVAIL_IN, length);
    stream.setPointer(NEXT_OUT, scratch);
    stream.setInt(AVAIL_OUT, (int) scratch.size());
    long blockStart = 0;
    while (true) {
      int availIn = stream.getInt(AVAIL_IN);
      int availOut = stream.getInt(AVAIL_OUT);
      int rc = LibdeflateNative.Zlib.inflate(stream, Z_BLOCK);
      if (rc != Z_OK && rc != Z_STREAM_END) {
        throw new IllegalStateException("inflate of a libdeflate block failed with " + rc);
      }
      int dataType = stream.getInt(DATA_TYPE);
      long consumed = length - stream.getInt(AVAIL_IN);
      if ((dataType & AT_BOUNDARY) != 0) {
        long blockEnd = consumed * 8 - (dataType & 63);
        if ((dataType & WAS_LAST) != 0) {
          long inflated = scratch.size() - stream.getInt(AVAIL_OUT);
          if (inflated != inflatedLength) {
            throw new IllegalStateException("libdeflate block inflates to " + inflated + " bytes, not " + inflatedLength);
          }
          return new long[] {blockStart, blockEnd};
        }
        blockStart = blockEnd;
      } else if (availIn == stream.getInt(AVAIL_IN) && availOut == stream.getInt(AVAIL_OUT)) {
        throw new IllegalStateException("inflate of a libdeflate block made no progress");
      }
    }
  }

  private static void check(int rc, String call) {
    if (rc != Z_OK) {
      throw new IllegalStateException(call + " failed with " + rc);
    }
  }

  @Override
  public void close() {
    LibdeflateNative.Zlib.inflateEnd(stream);
    stream.close();
    if (scratch != null) {
      scratch.close();
    }
  }
}
