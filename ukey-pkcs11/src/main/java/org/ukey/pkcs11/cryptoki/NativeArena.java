package org.ukey.pkcs11.cryptoki;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Native memory for one call or a short sequence of calls, freed together on {@link #close()}.
 *
 * <p>{@link CkFunctions} takes raw addresses, which do not keep JNA's {@link Memory} alive: an
 * arena holds every block it handed out until it is closed, so a block cannot be freed while a
 * call is using it. Blocks are zeroed; {@link #close()} zeroes them again before freeing, so a
 * PIN copied into an arena does not linger in freed memory.
 *
 * <p><b>Thread-safety:</b> not thread-safe; one arena per call sequence.
 */
public final class NativeArena implements AutoCloseable {
  private final CkAbi abi;
  private final List<Memory> blocks = new ArrayList<>();

  /**
   * Creates an empty arena.
   *
   * @param abi the ABI the values are laid out for
   */
  public NativeArena(CkAbi abi) {
    this.abi = abi;
  }

  /**
   * The ABI.
   *
   * @return the ABI
   */
  public CkAbi abi() {
    return abi;
  }

  /**
   * A zeroed block.
   *
   * @param size its size; at least 1 byte is allocated
   * @return its address
   */
  public long allocate(long size) {
    Memory m = new Memory(Math.max(1, size));
    m.clear();
    blocks.add(m);
    return Pointer.nativeValue(m);
  }

  /**
   * A copy of some bytes.
   *
   * @param data the bytes, or {@code null}
   * @return the copy's address, or 0 for {@code null}
   */
  public long copy(byte[] data) {
    if (data == null) {
      return 0;
    }
    long a = allocate(data.length);
    blocks.get(blocks.size() - 1).write(0, data, 0, data.length);
    return a;
  }

  /**
   * An array of CK_ULONGs.
   *
   * @param values the initial values
   * @return the array's address
   */
  public long ulongs(long... values) {
    long a = allocate((long) values.length * abi.ulongSize());
    ByteBuffer b = buffer(a, values.length * abi.ulongSize());
    for (int i = 0; i < values.length; i++) {
      abi.putUlong(b, i * abi.ulongSize(), values[i]);
    }
    return a;
  }

  /**
   * Reads a CK_ULONG at an address of this arena.
   *
   * @param address the address
   * @return the value, unsigned
   */
  public long getUlong(long address) {
    return abi.getUlong(buffer(address, abi.ulongSize()), 0);
  }

  /**
   * Writes a CK_ULONG at an address of this arena.
   *
   * @param address the address
   * @param value the value
   */
  public void putUlong(long address, long value) {
    abi.putUlong(buffer(address, abi.ulongSize()), 0, value);
  }

  /**
   * Reads CK_ULONGs from an array of this arena.
   *
   * @param address the array's address
   * @param count how many
   * @return the values, unsigned
   */
  public long[] getUlongs(long address, int count) {
    ByteBuffer b = buffer(address, count * abi.ulongSize());
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] = abi.getUlong(b, i * abi.ulongSize());
    }
    return out;
  }

  /**
   * Reads bytes from a block of this arena.
   *
   * @param address the address
   * @param length how many
   * @return a copy
   */
  public byte[] read(long address, int length) {
    byte[] out = new byte[length];
    new Pointer(address).read(0, out, 0, length);
    return out;
  }

  /**
   * A view of memory of this arena, in native byte order.
   *
   * @param address the address
   * @param length the view's length
   * @return the view; valid until the arena is closed
   */
  public ByteBuffer buffer(long address, int length) {
    return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
  }

  /** Zeroes and frees every block. */
  @Override
  public void close() {
    for (Memory m : blocks) {
      m.clear();
      m.close();
    }
    blocks.clear();
  }

  /**
   * Zeroes a Java array that held a secret.
   *
   * @param secret the array, or {@code null}
   */
  public static void wipe(byte[] secret) {
    if (secret != null) {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
