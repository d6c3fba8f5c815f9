package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_ATTRIBUTE}: an attribute type, a pointer to its value and the value's length.
 * Templates are contiguous arrays of these.
 */
public final class CK_ATTRIBUTE {
  private CK_ATTRIBUTE() {}

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_ATTRIBUTE", abi)
        .ulong("type").pointer("pValue").ulong("ulValueLen").build();
  }

  /**
   * Writes one element of a template.
   *
   * @param b a buffer in native order
   * @param offset where the element starts
   * @param abi the ABI
   * @param type the attribute type
   * @param pValue the value's address, or 0 to ask for the length
   * @param ulValueLen the value's length (the buffer's capacity when reading)
   */
  public static void write(ByteBuffer b, int offset, CkAbi abi, long type, long pValue,
      long ulValueLen) {
    StructLayout l = layout(abi);
    abi.putUlong(b, offset + l.offset("type"), type);
    abi.putPointer(b, offset + l.offset("pValue"), pValue);
    abi.putUlong(b, offset + l.offset("ulValueLen"), ulValueLen);
  }

  /**
   * Reads the length a module wrote back into an element.
   *
   * @param b a buffer in native order
   * @param offset where the element starts
   * @param abi the ABI
   * @return the value length, or {@code CK_UNAVAILABLE_INFORMATION} as read
   */
  public static long readValueLen(ByteBuffer b, int offset, CkAbi abi) {
    return abi.getUlong(b, offset + layout(abi).offset("ulValueLen"));
  }
}
