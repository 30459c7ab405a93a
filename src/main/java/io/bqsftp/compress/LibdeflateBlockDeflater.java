package io.bqsftp.compress;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * libdeflate deflate of one block: ~2x zlib's speed at level 6 with a better ratio
 * (docs/compression.md). libdeflate has no dictionary and only writes complete (final) streams,
 * so each block is compressed on its own (no priming: libdeflate's ratio without it still beats
 * zlib's with it) and, unless it is the last, {@link DeflateTail} makes it non-final and
 * sync-flushed, so the blocks still join into one deflate stream, one gzip member.
 */
final class LibdeflateBlockDeflater implements BlockDeflater {
  private final Pointer compressor;
  private final DeflateTail tail = new DeflateTail();
  private Memory in;
  private Memory out;

  /** @param level libdeflate level, 0..12 */
  LibdeflateBlockDeflater(int level) {
    compressor = LibdeflateNative.libdeflate_alloc_compressor(level);
    if (compressor == null) {
      tail.close();
      throw new IllegalArgumentException("libdeflate has no level " + level);
    }
  }

  @Override
  public int deflate(byte[] dictionary, int dictionaryLength, byte[] input, int length, boolean last, Output output) {
    if (in == null || in.size() < Math.max(1, length)) {
      in = NativeBuffers.replace(in, Math.max(1, length));
    }
    in.write(0, input, 0, length);
    long bound = LibdeflateNative.libdeflate_deflate_compress_bound(compressor, length);
    if (out == null || out.size() < bound) {
      out = NativeBuffers.replace(out, bound);
    }
    int n = (int) LibdeflateNative.libdeflate_deflate_compress(compressor, in, length, out, out.size());
    if (n == 0) {
      throw new IllegalStateException("libdeflate output exceeded its own bound for " + length + " bytes");
    }
    int capacity = n + DeflateTail.MARKER_BYTES + 2;
    if (output.bytes.length < capacity) {
      output.bytes = new byte[capacity];
    }
    out.read(0, output.bytes, 0, n);
    return last ? n : tail.continuable(output.bytes, out, n, length);
  }

  @Override
  public void end() {
    LibdeflateNative.libdeflate_free_compressor(compressor);
    tail.close();
    if (in != null) {
      in.close();
    }
    if (out != null) {
      out.close();
    }
  }
}
