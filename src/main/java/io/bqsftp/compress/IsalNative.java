package io.bqsftp.compress;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * ISA-L's stateful deflate, called through JNA from the native library that ships inside GKL's
 * jar ({@code com.intel.gkl:gkl}). GKL's own {@code IntelDeflater} cannot be used: it compresses
 * each buffer as a complete, final stream, with no dictionary and no sync flush, so its blocks
 * could not be joined into one gzip member. The library exports the whole ISA-L API, which can.
 * Linux x86_64 only; elsewhere, or if anything fails, {@link #available()} is false and callers
 * use the JDK's zlib.
 */
final class IsalNative {
  static final String RESOURCE = "/com/intel/gkl/native/libgkl_compression.so";

  // isal_zstream's public fields (igzip_lib.h, ISA-L 2.2x-2.31, LP64); checked by selfTest.
  static final int NEXT_IN = 0;
  static final int AVAIL_IN = 8;
  static final int NEXT_OUT = 16;
  static final int AVAIL_OUT = 24;
  static final int LEVEL = 40;
  static final int LEVEL_BUF_SIZE = 44;
  static final int LEVEL_BUF = 48;
  static final int END_OF_STREAM = 56;
  static final int FLUSH = 58;
  /** sizeof(struct isal_zstream) is 82,384 in ISA-L 2.30; twice that leaves room for other versions. */
  static final int STREAM_SIZE = 160 * 1024;

  static final short NO_FLUSH = 0;
  static final short SYNC_FLUSH = 1;
  static final int COMP_OK = 0;

  private static final Throwable UNAVAILABLE = load();

  private IsalNative() {}

  /** True when ISA-L loaded and passed its self-test on this machine. */
  static boolean available() {
    return UNAVAILABLE == null;
  }

  /** Why ISA-L is not available, or null when it is. */
  static String unavailableReason() {
    return UNAVAILABLE == null ? null : String.valueOf(UNAVAILABLE);
  }

  static native void isal_deflate_init(Pointer stream);

  static native int isal_deflate_set_dict(Pointer stream, Pointer dictionary, int length);

  static native int isal_deflate(Pointer stream);

  private static Throwable load() {
    try {
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      String arch = System.getProperty("os.arch", "");
      if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
        throw new UnsupportedOperationException("ISA-L from GKL needs Linux x86_64, this is " + os + "/" + arch);
      }
      URL resource = IsalNative.class.getResource(RESOURCE);
      if (resource == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      Path file = Files.createTempFile("bqsftp-isal-", ".so");
      try {
        try (InputStream in = resource.openStream()) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        Native.register(IsalNative.class, NativeLibrary.getInstance(file.toString()));
      } finally {
        // Mapped once loaded: the file itself is no longer needed.
        deleteQuietly(file);
      }
      BlockDeflaterSelfTest.run("ISA-L", IsalBlockDeflater::new, 1, 2);
      return null;
    } catch (Throwable t) { // any failure here only means "use the JDK's zlib"
      return t;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temp file left behind is harmless
    }
  }
}
