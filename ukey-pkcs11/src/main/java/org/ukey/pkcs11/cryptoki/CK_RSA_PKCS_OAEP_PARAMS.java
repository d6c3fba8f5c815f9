package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;

/**
 * {@code CK_RSA_PKCS_OAEP_PARAMS}: hash, MGF and label source of RSAES-OAEP. Written only; the
 * label is always empty here.
 */
public final class CK_RSA_PKCS_OAEP_PARAMS {
  private CK_RSA_PKCS_OAEP_PARAMS() {}

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_RSA_PKCS_OAEP_PARAMS", abi)
        .ulong("hashAlg").ulong("mgf").ulong("source").pointer("pSourceData")
        .ulong("ulSourceDataLen").build();
  }

  /**
   * Writes the structure with an empty label.
   *
   * @param b a buffer in native order
   * @param offset where the structure starts
   * @param abi the ABI
   * @param hashAlg the {@code CKM_SHA*} digest
   * @param mgf the {@code CKG_MGF1_*} function
   */
  public static void write(ByteBuffer b, int offset, CkAbi abi, long hashAlg, long mgf) {
    StructLayout l = layout(abi);
    abi.putUlong(b, offset + l.offset("hashAlg"), hashAlg);
    abi.putUlong(b, offset + l.offset("mgf"), mgf);
    abi.putUlong(b, offset + l.offset("source"), CKZ.CKZ_DATA_SPECIFIED);
    abi.putPointer(b, offset + l.offset("pSourceData"), 0);
    abi.putUlong(b, offset + l.offset("ulSourceDataLen"), 0);
  }
}
