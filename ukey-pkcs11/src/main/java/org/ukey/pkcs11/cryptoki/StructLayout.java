package org.ukey.pkcs11.cryptoki;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Field offsets and size of one Cryptoki structure on one {@link CkAbi}, computed the way a C
 * compiler does: natural alignment (each field at a multiple of its own alignment, the size a
 * multiple of the largest) or, on packed ABIs, every field right after the previous one.
 *
 * <p>Byte arrays and {@code CK_VERSION} (two bytes) align to 1; {@code CK_ULONG} and pointers to
 * their size.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class StructLayout {
  private final String name;
  private final Map<String, Integer> offsets;
  private final int size;

  private StructLayout(String name, Map<String, Integer> offsets, int size) {
    this.name = name;
    this.offsets = Collections.unmodifiableMap(offsets);
    this.size = size;
  }

  /**
   * Starts a layout.
   *
   * @param name the C structure name, for messages
   * @param abi the ABI
   * @return a builder
   */
  public static Builder of(String name, CkAbi abi) {
    return new Builder(name, abi);
  }

  /**
   * The offset of a field.
   *
   * @param field the C field name
   * @return the byte offset
   * @throws IllegalArgumentException if there is no such field
   */
  public int offset(String field) {
    Integer o = offsets.get(field);
    if (o == null) {
      throw new IllegalArgumentException(name + " has no field " + field);
    }
    return o;
  }

  /**
   * The size of the structure, trailing padding included ({@code sizeof}).
   *
   * @return the size in bytes
   */
  public int size() {
    return size;
  }

  @Override
  public String toString() {
    return name + offsets + " size " + size;
  }

  /** Adds fields in declaration order. */
  public static final class Builder {
    private final String name;
    private final CkAbi abi;
    private final Map<String, Integer> offsets = new LinkedHashMap<>();
    private int position;
    private int maxAlign = 1;

    private Builder(String name, CkAbi abi) {
      this.name = name;
      this.abi = abi;
    }

    /**
     * A {@code CK_ULONG} (or any type defined as one).
     *
     * @param field the field name
     * @return this
     */
    public Builder ulong(String field) {
      return add(field, abi.ulongSize(), abi.ulongSize());
    }

    /**
     * A pointer.
     *
     * @param field the field name
     * @return this
     */
    public Builder pointer(String field) {
      return add(field, abi.pointerSize(), abi.pointerSize());
    }

    /**
     * A byte array such as {@code CK_UTF8CHAR label[32]}, or a single {@code CK_BYTE}.
     *
     * @param field the field name
     * @param length its length
     * @return this
     */
    public Builder bytes(String field, int length) {
      return add(field, length, 1);
    }

    /**
     * A {@code CK_VERSION} (two {@code CK_BYTE}s).
     *
     * @param field the field name
     * @return this
     */
    public Builder version(String field) {
      return add(field, 2, 1);
    }

    /**
     * Finishes the layout.
     *
     * @return the layout
     */
    public StructLayout build() {
      return new StructLayout(name, offsets, align(position, maxAlign));
    }

    private Builder add(String field, int size, int alignment) {
      int a = abi.packed() ? 1 : alignment;
      position = align(position, a);
      offsets.put(field, position);
      position += size;
      maxAlign = Math.max(maxAlign, a);
      return this;
    }

    private static int align(int value, int alignment) {
      return (value + alignment - 1) / alignment * alignment;
    }
  }
}
