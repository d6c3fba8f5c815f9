package org.ukey.pkcs11.cryptoki;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;

/**
 * The two facts of a platform that decide how Cryptoki structures are laid out: the size of
 * {@code CK_ULONG} (C {@code unsigned long}) and pointers, and whether structures are packed.
 *
 * <p>{@code pkcs11.h} asks for 1-byte packing on Windows ("#pragma pack(push, cryptoki, 1)")
 * and leaves Unix to the compiler's natural alignment, which is what modules there are built
 * with (tpm2-software/tpm2-pkcs11#82). {@code unsigned long} is 8 bytes on LP64 (Linux, macOS)
 * and 4 bytes on Windows (LLP64), which is what JNA's {@code NativeLong} follows
 * ({@code Native.LONG_SIZE}). Offsets for both were measured with gcc against the OASIS headers
 * (see {@code pkcs11-prior-art.md} §1.6) and are checked by {@code StructLayoutTest}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum CkAbi {
  /** 64-bit Linux, macOS and BSD: 8-byte CK_ULONG, 8-byte pointers, natural alignment. */
  LP64(8, 8, false),
  /** 32-bit Unix: 4-byte CK_ULONG and pointers, natural alignment. */
  ILP32(4, 4, false),
  /** 64-bit Windows: 4-byte CK_ULONG, 8-byte pointers, 1-byte packing. */
  WIN64(4, 8, true),
  /** 32-bit Windows: 4-byte CK_ULONG and pointers, 1-byte packing. */
  WIN32(4, 4, true);

  private static final CkAbi NATIVE = detect();

  private final int ulongSize;
  private final int pointerSize;
  private final boolean packed;

  CkAbi(int ulongSize, int pointerSize, boolean packed) {
    this.ulongSize = ulongSize;
    this.pointerSize = pointerSize;
    this.packed = packed;
  }

  /**
   * The ABI of the running JVM.
   *
   * @return the ABI
   * @throws IllegalStateException on a platform whose sizes match none of the known ABIs
   */
  public static CkAbi nativeAbi() {
    if (NATIVE == null) {
      throw new IllegalStateException("unsupported data model: sizeof(long)=" + Native.LONG_SIZE
          + ", sizeof(void*)=" + Native.POINTER_SIZE);
    }
    return NATIVE;
  }

  private static CkAbi detect() {
    boolean windows = Platform.isWindows();
    for (CkAbi abi : values()) {
      if (abi.packed == windows && abi.ulongSize == Native.LONG_SIZE
          && abi.pointerSize == Native.POINTER_SIZE) {
        return abi;
      }
    }
    return null;
  }

  /**
   * The size of {@code CK_ULONG}.
   *
   * @return 4 or 8
   */
  public int ulongSize() {
    return ulongSize;
  }

  /**
   * The size of a pointer.
   *
   * @return 4 or 8
   */
  public int pointerSize() {
    return pointerSize;
  }

  /**
   * Whether structures are 1-byte packed.
   *
   * @return true on Windows
   */
  public boolean packed() {
    return packed;
  }

  /**
   * Reads a CK_ULONG, unsigned: a 4-byte {@code 0x80000000} is {@code 2147483648}, never
   * negative, so vendor codes compare equal to their constants.
   *
   * @param b a buffer in native byte order
   * @param offset the byte offset
   * @return the value, in [0, 2^32) on 4-byte ABIs
   */
  public long getUlong(ByteBuffer b, int offset) {
    return ulongSize == 8 ? b.getLong(offset) : b.getInt(offset) & 0xFFFFFFFFL;
  }

  /**
   * Writes a CK_ULONG.
   *
   * @param b a buffer in native byte order
   * @param offset the byte offset
   * @param value the value; on 4-byte ABIs it must fit in 32 unsigned bits
   * @throws IllegalArgumentException if the value does not fit
   */
  public void putUlong(ByteBuffer b, int offset, long value) {
    if (ulongSize == 8) {
      b.putLong(offset, value);
    } else {
      if ((value >>> 32) != 0) {
        throw new IllegalArgumentException("value does not fit in a 32-bit CK_ULONG: " + value);
      }
      b.putInt(offset, (int) value);
    }
  }

  /**
   * Reads a pointer.
   *
   * @param b a buffer in native byte order
   * @param offset the byte offset
   * @return the address
   */
  public long getPointer(ByteBuffer b, int offset) {
    return pointerSize == 8 ? b.getLong(offset) : b.getInt(offset) & 0xFFFFFFFFL;
  }

  /**
   * Writes a pointer.
   *
   * @param b a buffer in native byte order
   * @param offset the byte offset
   * @param address the address
   */
  public void putPointer(ByteBuffer b, int offset, long address) {
    if (pointerSize == 8) {
      b.putLong(offset, address);
    } else {
      b.putInt(offset, (int) address);
    }
  }
}
