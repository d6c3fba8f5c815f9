package org.ukey.pkcs11.cryptoki;

/** Mask generation functions ({@code CK_RSA_PKCS_MGF_TYPE}), as in OASIS {@code pkcs11t.h}. */
public final class CKG {
  public static final long CKG_MGF1_SHA1 = 0x1L;
  public static final long CKG_MGF1_SHA256 = 0x2L;
  public static final long CKG_MGF1_SHA384 = 0x3L;
  public static final long CKG_MGF1_SHA512 = 0x4L;
  public static final long CKG_MGF1_SHA224 = 0x5L;

  private CKG() {}
}
