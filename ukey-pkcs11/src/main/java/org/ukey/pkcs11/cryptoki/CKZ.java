package org.ukey.pkcs11.cryptoki;

/** OAEP label sources ({@code CK_RSA_PKCS_OAEP_SOURCE_TYPE}), as in OASIS {@code pkcs11t.h}. */
public final class CKZ {
  public static final long CKZ_DATA_SPECIFIED = 0x1L;

  private CKZ() {}
}
