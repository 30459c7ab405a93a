package io.bqsftp.csv;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;

/** BYTES: standard base64 (RFC 4648 alphabet) with padding, encoded straight into the buffer. */
final class BytesWriter extends ValueWriter {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes();

  private ArrowBuf offsets;
  private ArrowBuf data;
  private byte[] scratch = new byte[256];

  @Override
  void bind(FieldVector vector) {
    super.bind(vector);
    VarBinaryVector v = (VarBinaryVector) vector;
    offsets = v.getOffsetBuffer();
    data = v.getDataBuffer();
  }

  @Override
  void writeText(int index, TextBuffer out) {
    long at = (long) index * VarBinaryVector.OFFSET_WIDTH;
    int start = offsets.getInt(at);
    int length = offsets.getInt(at + VarBinaryVector.OFFSET_WIDTH) - start;
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    data.getBytes(start, scratch, 0, length);
    encode(scratch, length, out);
  }

  static void encode(byte[] src, int length, TextBuffer out) {
    out.ensureSpare((length + 2) / 3 * 4);
    int i = 0;
    for (; i + 3 <= length; i += 3) {
      int bits = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
      putQuad(out, bits, 4);
    }
    int rest = length - i;
    if (rest == 1) {
      putQuad(out, (src[i] & 0xFF) << 16, 2);
    } else if (rest == 2) {
      putQuad(out, (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8, 3);
    }
  }

  /** Writes {@code significant} base64 characters of 24 bits, padded with '=' to four. */
  private static void putQuad(TextBuffer out, int bits, int significant) {
    for (int k = 0; k < 4; k++) {
      out.writeByte(k < significant ? ALPHABET[(bits >>> (18 - 6 * k)) & 0x3F] : '=');
    }
  }

  @Override
  String alphabet() {
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
  }
}
