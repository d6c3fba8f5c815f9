package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_INFO}: what a Cryptoki library says about itself ({@code C_GetInfo}).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param cryptokiVersion the Cryptoki interface version
 * @param manufacturerID the library maker, blanks trimmed
 * @param flags reserved, zero
 * @param libraryDescription the library description, blanks trimmed
 * @param libraryVersion the library version
 */
public record CK_INFO(CK_VERSION cryptokiVersion, String manufacturerID, long flags,
    String libraryDescription, CK_VERSION libraryVersion) {

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_INFO", abi)
        .version("cryptokiVersion")
        .bytes("manufacturerID", 32)
        .ulong("flags")
        .bytes("libraryDescription", 32)
        .version("libraryVersion")
        .build();
  }

  /**
   * Reads the structure.
   *
   * @param b the bytes, in native order, from offset 0
   * @param abi the ABI they were written with
   * @return the value
   */
  public static CK_INFO read(ByteBuffer b, CkAbi abi) {
    StructLayout l = layout(abi);
    return new CK_INFO(CK_VERSION.read(b, l.offset("cryptokiVersion")),
        CkText.read(b, l.offset("manufacturerID"), 32),
        abi.getUlong(b, l.offset("flags")),
        CkText.read(b, l.offset("libraryDescription"), 32),
        CK_VERSION.read(b, l.offset("libraryVersion")));
  }
}
