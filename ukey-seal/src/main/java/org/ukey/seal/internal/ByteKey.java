package org.ukey.seal.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A cache key over a range of bytes: equal when the bytes are equal, compared in full (never a
 * digest or a prefix), so a cached value is only reused for exactly the same bytes.
 *
 * <p>The hash is computed once, when the key is made, eight bytes at a step. The caches of this
 * module are looked up with every seal and certificate met, and {@code ByteBuffer.hashCode}
 * (one byte at a step, each bounds-checked) was over a microsecond of a cached seal
 * verification for the ~2.5 KiB it hashed. The hash mixes every byte, so inputs made to collide
 * cost what unequal keys in one bucket cost, bounded by the caches' sizes.
 *
 * <p>A lookup key ({@link #view}) refers to the caller's array; a stored key ({@link #copyOf})
 * or one made over an array that is never written ({@link #view} of a parsed object's own
 * bytes) must not see its bytes change.
 *
 * <p><b>Thread-safety:</b> immutable once made, provided the bytes are not written.
 */
public final class ByteKey {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long M1 = 0x9E3779B97F4A7C15L;
  private static final long M2 = 0xC2B2AE3D27D4EB4FL;

  private final byte[] bytes;
  private final int offset;
  private final int length;
  private final int hash;

  private ByteKey(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
    this.hash = hash(bytes, offset, length);
  }

  /**
   * A key over {@code bytes[offset, offset + length)}, without a copy.
   *
   * @param bytes the array, not written while the key is in use
   * @param offset where the range starts
   * @param length its length
   * @return the key
   * @throws IndexOutOfBoundsException if the range is not inside the array
   */
  public static ByteKey view(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    return new ByteKey(bytes, offset, length);
  }

  /**
   * A key over the whole array, without a copy.
   *
   * @param bytes the array, not written while the key is in use
   * @return the key
   */
  public static ByteKey view(byte[] bytes) {
    return new ByteKey(bytes, 0, bytes.length);
  }

  /**
   * A key over a private copy of the bytes.
   *
   * @param bytes the bytes
   * @return the key
   */
  public static ByteKey copyOf(byte[] bytes) {
    return new ByteKey(bytes.clone(), 0, bytes.length);
  }

  /** Eight bytes per step, each word multiplied in; the length and a final avalanche. */
  static int hash(byte[] a, int offset, int length) {
    long h = length * M1;
    int i = offset;
    int end = offset + length;
    for (; i <= end - 8; i += 8) {
      h = Long.rotateLeft(h ^ ((long) LONGS.get(a, i) * M2), 31) * M1;
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (a[i] & 0xffL) << shift;
    }
    h = Long.rotateLeft(h ^ (tail * M2), 31) * M1;
    h ^= h >>> 29;
    h *= M2;
    h ^= h >>> 32;
    return (int) h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey k && hash == k.hash && length == k.length
        && Arrays.equals(bytes, offset, offset + length, k.bytes, k.offset, k.offset + length);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "ByteKey[" + length + " bytes]";
  }
}
