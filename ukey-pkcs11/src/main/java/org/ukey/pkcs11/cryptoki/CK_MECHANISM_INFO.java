package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_MECHANISM_INFO}: what a token can do with a mechanism ({@code C_GetMechanismInfo}).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param ulMinKeySize the smallest key (bits or bytes, per mechanism)
 * @param ulMaxKeySize the largest key
 * @param flags {@code CKF_SIGN}, {@code CKF_VERIFY}, {@code CKF_GENERATE_KEY_PAIR}, ...
 */
public record CK_MECHANISM_INFO(long ulMinKeySize, long ulMaxKeySize, long flags) {

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_MECHANISM_INFO", abi)
        .ulong("ulMinKeySize").ulong("ulMaxKeySize").ulong("flags").build();
  }

  /**
   * Reads the structure.
   *
   * @param b the bytes, in native order, from offset 0
   * @param abi the ABI they were written with
   * @return the value
   */
  public static CK_MECHANISM_INFO read(ByteBuffer b, CkAbi abi) {
    StructLayout l = layout(abi);
    return new CK_MECHANISM_INFO(abi.getUlong(b, l.offset("ulMinKeySize")),
        abi.getUlong(b, l.offset("ulMaxKeySize")), abi.getUlong(b, l.offset("flags")));
  }

  /**
   * Whether a flag is set.
   *
   * @param flag a {@code CKF_*} mechanism flag
   * @return true when set
   */
  public boolean has(long flag) {
    return (flags & flag) != 0;
  }
}
