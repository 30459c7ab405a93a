package io.bqsftp.compress;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * libdeflate's one-shot compressor (Debian's {@code libdeflate0}, {@code libdeflate.so.0}) and,
 * for {@link DeflateTail}, the system zlib's {@code inflate}, both through JNA. Loaded from the
 * system's library path, so the library must be installed (the container image and CI install
 * {@code libdeflate0}); when it is missing, or anything fails, {@link #available()} is false and
 * callers use the JDK's zlib.
 */
final class LibdeflateNative {
  /** Which library file to load; tests point it at a missing one to prove the fallback. */
  static final String LIBRARY_PROPERTY = "bqsftp.libdeflate.library";

  private static final Throwable UNAVAILABLE = load();

  private LibdeflateNative() {}

  /** True when libdeflate and zlib loaded and passed the self-test on this machine. */
  static boolean available() {
    return UNAVAILABLE == null;
  }

  /** Why libdeflate is not available, or null when it is. */
  static String unavailableReason() {
    return UNAVAILABLE == null ? null : String.valueOf(UNAVAILABLE);
  }

  static native Pointer libdeflate_alloc_compressor(int level);

  static native long libdeflate_deflate_compress(Pointer compressor, Pointer in, long inLength, Pointer out, long outCapacity);

  static native long libdeflate_deflate_compress_bound(Pointer compressor, long inLength);

  static native void libdeflate_free_compressor(Pointer compressor);

  /** The system zlib, for {@link DeflateTail}'s {@code inflate(Z_BLOCK)}. */
  static final class Zlib {
    private Zlib() {}

    static native String zlibVersion();

    static native int inflateInit2_(Pointer stream, int windowBits, String version, int streamSize);

    static native int inflateReset(Pointer stream);

    static native int inflate(Pointer stream, int flush);

    static native int inflateEnd(Pointer stream);
  }

  private static Throwable load() {
    try {
      if (Native.SIZE_T_SIZE != 8 || !System.getProperty("os.name", "").startsWith("Linux")) {
        throw new UnsupportedOperationException("libdeflate through JNA is wired for 64-bit Linux only");
      }
      Native.register(LibdeflateNative.class, NativeLibrary.getInstance(System.getProperty(LIBRARY_PROPERTY, "libdeflate.so.0")));
      Native.register(Zlib.class, NativeLibrary.getInstance("libz.so.1"));
      BlockDeflaterSelfTest.run("libdeflate", LibdeflateBlockDeflater::new, 1, 6, 9);
      return null;
    } catch (Throwable t) { // any failure here only means "use the JDK's zlib"
      return t;
    }
  }
}
