package org.ukey.pkcs11.cryptoki;

/** User types ({@code CK_USER_TYPE}), as in OASIS {@code pkcs11t.h}. */
public final class CKU {
  public static final long CKU_SO = 0x0L;
  public static final long CKU_USER = 0x1L;
  public static final long CKU_CONTEXT_SPECIFIC = 0x2L;

  private CKU() {}
}
