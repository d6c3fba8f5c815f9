package org.ukey.pkcs11.cryptoki;

/**
 * Attribute types ({@code CK_ATTRIBUTE_TYPE}), as in OASIS {@code pkcs11t.h}
 * (oasis-tcs/pkcs11 {@code published/3-01/pkcs11t.h}).
 */
public final class CKA {
  public static final long CKA_CLASS = 0x0L;
  public static final long CKA_TOKEN = 0x1L;
  public static final long CKA_PRIVATE = 0x2L;
  public static final long CKA_LABEL = 0x3L;
  public static final long CKA_APPLICATION = 0x10L;
  public static final long CKA_VALUE = 0x11L;
  public static final long CKA_OBJECT_ID = 0x12L;
  public static final long CKA_CERTIFICATE_TYPE = 0x80L;
  public static final long CKA_ISSUER = 0x81L;
  public static final long CKA_SERIAL_NUMBER = 0x82L;
  public static final long CKA_TRUSTED = 0x86L;
  public static final long CKA_CERTIFICATE_CATEGORY = 0x87L;
  public static final long CKA_KEY_TYPE = 0x100L;
  public static final long CKA_SUBJECT = 0x101L;
  public static final long CKA_ID = 0x102L;
  public static final long CKA_SENSITIVE = 0x103L;
  public static final long CKA_ENCRYPT = 0x104L;
  public static final long CKA_DECRYPT = 0x105L;
  public static final long CKA_WRAP = 0x106L;
  public static final long CKA_UNWRAP = 0x107L;
  public static final long CKA_SIGN = 0x108L;
  public static final long CKA_SIGN_RECOVER = 0x109L;
  public static final long CKA_VERIFY = 0x10AL;
  public static final long CKA_VERIFY_RECOVER = 0x10BL;
  public static final long CKA_DERIVE = 0x10CL;
  public static final long CKA_START_DATE = 0x110L;
  public static final long CKA_END_DATE = 0x111L;
  public static final long CKA_MODULUS = 0x120L;
  public static final long CKA_MODULUS_BITS = 0x121L;
  public static final long CKA_PUBLIC_EXPONENT = 0x122L;
  public static final long CKA_PRIVATE_EXPONENT = 0x123L;
  public static final long CKA_PRIME_1 = 0x124L;
  public static final long CKA_PRIME_2 = 0x125L;
  public static final long CKA_EXPONENT_1 = 0x126L;
  public static final long CKA_EXPONENT_2 = 0x127L;
  public static final long CKA_COEFFICIENT = 0x128L;
  public static final long CKA_VALUE_BITS = 0x160L;
  public static final long CKA_VALUE_LEN = 0x161L;
  public static final long CKA_EXTRACTABLE = 0x162L;
  public static final long CKA_LOCAL = 0x163L;
  public static final long CKA_NEVER_EXTRACTABLE = 0x164L;
  public static final long CKA_ALWAYS_SENSITIVE = 0x165L;
  public static final long CKA_KEY_GEN_MECHANISM = 0x166L;
  public static final long CKA_MODIFIABLE = 0x170L;
  public static final long CKA_COPYABLE = 0x171L;
  public static final long CKA_DESTROYABLE = 0x172L;
  public static final long CKA_EC_PARAMS = 0x180L;
  public static final long CKA_EC_POINT = 0x181L;
  public static final long CKA_ALWAYS_AUTHENTICATE = 0x202L;
  public static final long CKA_WRAP_WITH_TRUSTED = 0x210L;
  public static final long CKA_ALLOWED_MECHANISMS = 0x40000600L;
  public static final long CKA_VENDOR_DEFINED = 0x80000000L;

  private CKA() {}
}
