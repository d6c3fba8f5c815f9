package org.ukey.pkcs11.cryptoki;

/** Object classes ({@code CK_OBJECT_CLASS}), as in OASIS {@code pkcs11t.h}. */
public final class CKO {
  public static final long CKO_DATA = 0x0L;
  public static final long CKO_CERTIFICATE = 0x1L;
  public static final long CKO_PUBLIC_KEY = 0x2L;
  public static final long CKO_PRIVATE_KEY = 0x3L;
  public static final long CKO_SECRET_KEY = 0x4L;

  private CKO() {}
}
