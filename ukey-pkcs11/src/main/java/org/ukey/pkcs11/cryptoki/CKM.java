package org.ukey.pkcs11.cryptoki;

import java.util.Optional;

/**
 * Mechanism types ({@code CK_MECHANISM_TYPE}) an SDK for signing tokens uses, as in OASIS
 * {@code pkcs11t.h} (oasis-tcs/pkcs11 {@code published/3-01/pkcs11t.h}). Vendor mechanisms
 * (SM2, SM3, SM4) are not here: they come from the vendor profiles.
 */
public final class CKM {
  public static final long CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0L;
  public static final long CKM_RSA_PKCS = 0x1L;
  public static final long CKM_RSA_9796 = 0x2L;
  public static final long CKM_RSA_X_509 = 0x3L;
  public static final long CKM_MD5_RSA_PKCS = 0x5L;
  public static final long CKM_SHA1_RSA_PKCS = 0x6L;
  public static final long CKM_RSA_PKCS_OAEP = 0x9L;
  public static final long CKM_RSA_X9_31_KEY_PAIR_GEN = 0xAL;
  public static final long CKM_RSA_PKCS_PSS = 0xDL;
  public static final long CKM_SHA1_RSA_PKCS_PSS = 0xEL;
  public static final long CKM_DSA_KEY_PAIR_GEN = 0x10L;
  public static final long CKM_DSA = 0x11L;
  public static final long CKM_DSA_SHA1 = 0x12L;
  public static final long CKM_DSA_SHA224 = 0x13L;
  public static final long CKM_DSA_SHA256 = 0x14L;
  public static final long CKM_DSA_SHA384 = 0x15L;
  public static final long CKM_DSA_SHA512 = 0x16L;
  public static final long CKM_DH_PKCS_KEY_PAIR_GEN = 0x20L;
  public static final long CKM_DH_PKCS_DERIVE = 0x21L;
  public static final long CKM_SHA256_RSA_PKCS = 0x40L;
  public static final long CKM_SHA384_RSA_PKCS = 0x41L;
  public static final long CKM_SHA512_RSA_PKCS = 0x42L;
  public static final long CKM_SHA256_RSA_PKCS_PSS = 0x43L;
  public static final long CKM_SHA384_RSA_PKCS_PSS = 0x44L;
  public static final long CKM_SHA512_RSA_PKCS_PSS = 0x45L;
  public static final long CKM_SHA224_RSA_PKCS = 0x46L;
  public static final long CKM_SHA224_RSA_PKCS_PSS = 0x47L;
  public static final long CKM_DES_KEY_GEN = 0x120L;
  public static final long CKM_DES_ECB = 0x121L;
  public static final long CKM_DES_CBC = 0x122L;
  public static final long CKM_DES_CBC_PAD = 0x125L;
  public static final long CKM_DES2_KEY_GEN = 0x130L;
  public static final long CKM_DES3_KEY_GEN = 0x131L;
  public static final long CKM_DES3_ECB = 0x132L;
  public static final long CKM_DES3_CBC = 0x133L;
  public static final long CKM_DES3_CBC_PAD = 0x136L;
  public static final long CKM_DES3_CMAC = 0x138L;
  public static final long CKM_MD5 = 0x210L;
  public static final long CKM_MD5_HMAC = 0x211L;
  public static final long CKM_SHA_1 = 0x220L;
  public static final long CKM_SHA_1_HMAC = 0x221L;
  public static final long CKM_SHA256 = 0x250L;
  public static final long CKM_SHA256_HMAC = 0x251L;
  public static final long CKM_SHA224 = 0x255L;
  public static final long CKM_SHA224_HMAC = 0x256L;
  public static final long CKM_SHA384 = 0x260L;
  public static final long CKM_SHA384_HMAC = 0x261L;
  public static final long CKM_SHA512 = 0x270L;
  public static final long CKM_SHA512_HMAC = 0x271L;
  public static final long CKM_GENERIC_SECRET_KEY_GEN = 0x350L;
  public static final long CKM_EC_KEY_PAIR_GEN = 0x1040L;
  public static final long CKM_ECDSA = 0x1041L;
  public static final long CKM_ECDSA_SHA1 = 0x1042L;
  public static final long CKM_ECDSA_SHA224 = 0x1043L;
  public static final long CKM_ECDSA_SHA256 = 0x1044L;
  public static final long CKM_ECDSA_SHA384 = 0x1045L;
  public static final long CKM_ECDSA_SHA512 = 0x1046L;
  public static final long CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055L;
  public static final long CKM_EDDSA = 0x1057L;
  public static final long CKM_ECDH1_DERIVE = 0x1050L;
  public static final long CKM_ECDH1_COFACTOR_DERIVE = 0x1051L;
  public static final long CKM_AES_KEY_GEN = 0x1080L;
  public static final long CKM_AES_ECB = 0x1081L;
  public static final long CKM_AES_CBC = 0x1082L;
  public static final long CKM_AES_MAC = 0x1083L;
  public static final long CKM_AES_MAC_GENERAL = 0x1084L;
  public static final long CKM_AES_CBC_PAD = 0x1085L;
  public static final long CKM_AES_CTR = 0x1086L;
  public static final long CKM_AES_GCM = 0x1087L;
  public static final long CKM_AES_CMAC = 0x108AL;
  public static final long CKM_AES_KEY_WRAP = 0x2109L;
  public static final long CKM_AES_KEY_WRAP_PAD = 0x210AL;
  public static final long CKM_VENDOR_DEFINED = 0x80000000L;

  private static final CkNames NAMES = new CkNames(CKM.class, "CKM_");

  private CKM() {}

  /**
   * The spec name of a standard mechanism.
   *
   * @param mechanism the value
   * @return for example {@code "CKM_ECDSA"}; empty for vendor or unlisted values
   */
  public static Optional<String> name(long mechanism) {
    return mechanism >= CKM_VENDOR_DEFINED ? Optional.empty() : NAMES.name(mechanism);
  }

  /**
   * The value of a standard mechanism name.
   *
   * @param name for example {@code "CKM_ECDSA"}
   * @return the value, or empty when not a listed standard name
   */
  public static Optional<Long> value(String name) {
    return NAMES.value(name);
  }
}
