package io.bqsftp.compress;

import com.sun.jna.Memory;

/** Native buffers of the JNA deflaters, grown by replacement (their contents are not kept). */
final class NativeBuffers {
  private NativeBuffers() {}

  /** A buffer of {@code size} bytes; {@code old} (may be null) is freed. */
  static Memory replace(Memory old, long size) {
    if (old != null) {
      old.close();
    }
    return new Memory(size);
  }
}
