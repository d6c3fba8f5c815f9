package org.ukey.pkcs11.cryptoki;

import java.util.Optional;

/**
 * Key types ({@code CK_KEY_TYPE}), as in OASIS {@code pkcs11t.h} (oasis-tcs/pkcs11
 * {@code published/3-01/pkcs11t.h}). Vendor key types (SM2, SM4) come from the vendor profiles.
 */
public final class CKK {
  public static final long CKK_RSA = 0x0L;
  public static final long CKK_DSA = 0x1L;
  public static final long CKK_DH = 0x2L;
  public static final long CKK_EC = 0x3L;
  public static final long CKK_GENERIC_SECRET = 0x10L;
  public static final long CKK_DES = 0x13L;
  public static final long CKK_DES2 = 0x14L;
  public static final long CKK_DES3 = 0x15L;
  public static final long CKK_AES = 0x1FL;
  public static final long CKK_EC_EDWARDS = 0x40L;
  public static final long CKK_EC_MONTGOMERY = 0x41L;
  public static final long CKK_VENDOR_DEFINED = 0x80000000L;

  private static final CkNames NAMES = new CkNames(CKK.class, "CKK_");

  private CKK() {}

  /**
   * The spec name of a standard key type.
   *
   * @param keyType the value
   * @return for example {@code "CKK_EC"}; empty for vendor or unlisted values
   */
  public static Optional<String> name(long keyType) {
    return keyType >= CKK_VENDOR_DEFINED ? Optional.empty() : NAMES.name(keyType);
  }

  /**
   * The value of a standard key type name.
   *
   * @param name for example {@code "CKK_RSA"}
   * @return the value, or empty when not a listed standard name
   */
  public static Optional<Long> value(String name) {
    return NAMES.value(name);
  }
}
