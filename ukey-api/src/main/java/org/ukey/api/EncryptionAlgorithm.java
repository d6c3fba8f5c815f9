package org.ukey.api;

/**
 * Public-key encryption schemes a token key can decrypt.
 *
 * <p>SM2 ciphertexts come in three layouts. GB/T 32918.4-2016 §6.1 orders C = C1‖C3‖C2; the 2010
 * OSCCA text ordered C1‖C2‖C3, which BouncyCastle's defaults still produce; GM/T 0009-2012 §7.2
 * wraps C1C3C2 as {@code SM2Cipher ::= SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING(32),
 * ciphertext OCTET STRING }}. The layout is always explicit: ciphertexts in one layout do not
 * decrypt as another.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum EncryptionAlgorithm {
  /** SM2, C1C3C2 in the GM/T 0009 {@code SM2Cipher} DER structure (what OpenSSL emits). */
  SM2_ASN1(KeyType.SM2),
  /** SM2, raw {@code 04‖x1‖y1‖C3‖C2} (GB/T 32918.4-2016). */
  SM2_C1C3C2(KeyType.SM2),
  /** SM2, raw {@code 04‖x1‖y1‖C2‖C3} (legacy 2010 order); only when asked for explicitly. */
  SM2_C1C2C3(KeyType.SM2),
  /** RSA-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1). */
  RSA_OAEP_SHA256(KeyType.RSA),
  /** RSA PKCS#1 v1.5 encryption (RFC 8017 §7.2); for legacy peers only. */
  RSA_PKCS1(KeyType.RSA);

  private final KeyType keyType;

  EncryptionAlgorithm(KeyType keyType) {
    this.keyType = keyType;
  }

  /**
   * The key family that decrypts this scheme.
   *
   * @return SM2 or RSA
   */
  public KeyType keyType() {
    return keyType;
  }
}
