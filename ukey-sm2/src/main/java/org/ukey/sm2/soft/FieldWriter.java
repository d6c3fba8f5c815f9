package org.ukey.sm2.soft;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends big-endian fields to a growable buffer that can be wiped, for the soft token file and
 * its encrypted key store (whose plaintext holds private keys).
 *
 * <p><b>Thread-safety:</b> not thread-safe; one writer per encoding.
 */
final class FieldWriter {
  private byte[] buf;
  private int len;

  FieldWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  FieldWriter u8(int v) {
    if (v < 0 || v > 0xff) {
      throw new IllegalArgumentException("u8 out of range: " + v);
    }
    ensure(1);
    buf[len++] = (byte) v;
    return this;
  }

  FieldWriter u16(int v) {
    if (v < 0 || v > 0xffff) {
      throw new IllegalArgumentException("u16 out of range: " + v);
    }
    ensure(2);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
    return this;
  }

  FieldWriter u32(long v) {
    if (v < 0 || v > 0xffffffffL) {
      throw new IllegalArgumentException("u32 out of range: " + v);
    }
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[len++] = (byte) (v >>> shift);
    }
    return this;
  }

  FieldWriter u64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[len++] = (byte) (v >>> shift);
    }
    return this;
  }

  FieldWriter bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  FieldWriter bytesU8(byte[] b) {
    return u8(b.length).bytes(b);
  }

  FieldWriter bytesU16(byte[] b) {
    return u16(b.length).bytes(b);
  }

  FieldWriter bytesU32(byte[] b) {
    return u32(b.length).bytes(b);
  }

  FieldWriter utf8U8(String s) {
    return bytesU8(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the content; the buffer stays as it is. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** A copy of the content, then the internal buffer is zeroed (for secret plaintext). */
  byte[] toByteArrayAndWipe() {
    byte[] out = Arrays.copyOf(buf, len);
    Arrays.fill(buf, (byte) 0);
    len = 0;
    return out;
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      byte[] bigger = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      // The old buffer may hold secret plaintext: zero it before it is dropped.
      Arrays.fill(buf, (byte) 0);
      buf = bigger;
    }
  }
}
