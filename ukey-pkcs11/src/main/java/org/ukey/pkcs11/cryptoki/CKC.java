package org.ukey.pkcs11.cryptoki;

/** Certificate types ({@code CK_CERTIFICATE_TYPE}), as in OASIS {@code pkcs11t.h}. */
public final class CKC {
  public static final long CKC_X_509 = 0x0L;

  private CKC() {}
}
