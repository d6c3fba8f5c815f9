package org.ukey.api;

/**
 * The family of an asymmetric key. The exact parameters (RSA modulus size, curve) are in
 * {@link KeySpec}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum KeyType {
  /**
   * SM2 (GB/T 32918) on the curve sm2p256v1, OID 1.2.156.10197.1.301. Signs with
   * {@link SignatureAlgorithm#SM3_WITH_SM2}.
   */
  SM2,
  /** RSA (PKCS#1 v2.2). Signs with PKCS#1 v1.5 or PSS over SHA-2. */
  RSA,
  /** ECDSA on a NIST prime curve (P-256, P-384). */
  EC;
}
