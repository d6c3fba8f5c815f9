package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/** {@code CK_RSA_PKCS_PSS_PARAMS}: hash, MGF and salt length of RSASSA-PSS. Written only. */
public final class CK_RSA_PKCS_PSS_PARAMS {
  private CK_RSA_PKCS_PSS_PARAMS() {}

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_RSA_PKCS_PSS_PARAMS", abi)
        .ulong("hashAlg").ulong("mgf").ulong("sLen").build();
  }

  /**
   * Writes the structure.
   *
   * @param b a buffer in native order
   * @param offset where the structure starts
   * @param abi the ABI
   * @param hashAlg the {@code CKM_SHA*} digest
   * @param mgf the {@code CKG_MGF1_*} function
   * @param sLen the salt length in bytes
   */
  public static void write(ByteBuffer b, int offset, CkAbi abi, long hashAlg, long mgf,
      long sLen) {
    StructLayout l = layout(abi);
    abi.putUlong(b, offset + l.offset("hashAlg"), hashAlg);
    abi.putUlong(b, offset + l.offset("mgf"), mgf);
    abi.putUlong(b, offset + l.offset("sLen"), sLen);
  }
}
