package org.ukey.pkcs11.internal;

/**
 * How a token stores and generates one family of keys.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param keyType the {@code CKK_} value of such keys
 * @param generateMechanism the key-pair generation mechanism, or -1 when the token cannot
 * @param ecParams whether {@code CKA_EC_PARAMS} (the curve OID) goes into the generation and
 *     import templates
 * @param publicKeyForm where the public point is
 */
record KeyProfile(long keyType, long generateMechanism, boolean ecParams,
    PublicKeyForm publicKeyForm) {

  /** Where an EC or SM2 public key's point is stored. */
  enum PublicKeyForm {
    /** {@code CKA_EC_POINT}: DER OCTET STRING of 04‖x‖y (PKCS#11 v2.40 §2.3.3). */
    EC_POINT("ec-point"),
    /** {@code CKA_VALUE}: x‖y, 64 bytes (Westone, kztao/CSM {@code Encrypt.cpp}). */
    VALUE_XY("value-xy");

    private final String word;

    PublicKeyForm(String word) {
      this.word = word;
    }

    String word() {
      return word;
    }
  }
}
