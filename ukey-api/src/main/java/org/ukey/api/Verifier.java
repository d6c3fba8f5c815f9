package org.ukey.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * Verifies signatures made with one public key and one algorithm. Returns normally when the
 * signature is valid and throws otherwise; there is no boolean to forget.
 *
 * <p>For SM2 and ECDSA the signature must be strict DER {@code SEQUENCE{r, s}}: non-minimal
 * integers, trailing bytes and r or s outside [1, n-1] are rejected.
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe.
 */
public interface Verifier {
  /**
   * The algorithm, with its parameters (the SM2 user ID).
   *
   * @return the algorithm
   */
  SignatureAlgorithm algorithm();

  /**
   * Verifies a signature over a message.
   *
   * @param message the signed data
   * @param signature the signature
   * @throws SignatureVerificationException if the signature is malformed or does not match
   */
  void verify(byte[] message, byte[] signature) throws SignatureVerificationException;

  /**
   * Verifies a signature over everything read from a stream, in constant memory. Reads to the
   * end; does not close the stream.
   *
   * @param message the signed data
   * @param signature the signature
   * @throws IOException if reading fails
   * @throws SignatureVerificationException if the signature is malformed or does not match
   */
  void verify(InputStream message, byte[] signature)
      throws IOException, SignatureVerificationException;

  /**
   * Verifies a signature over a digest the caller computed: the counterpart of signing a digest
   * (GM/T 0016's {@code SKF_ECCVerify} takes the same value), and what lets a caller hash a
   * long shared prefix once and many messages after it.
   *
   * <ul>
   *   <li>SM2: e = SM3(Z ‖ M), 32 bytes, with Z from this verifier's key and the user ID of
   *       {@link #algorithm()} (GB/T 32918.2-2016 §7.1 B3–B4; GM/T 0009-2012 §8.1).</li>
   *   <li>ECDSA: the SHA-256 or SHA-384 hash of M (FIPS 186-4 §6.4).</li>
   *   <li>RSA PKCS#1 v1.5 and PSS: the hash of M; the verifier builds the DigestInfo
   *       (RFC 8017 §9.2) or mHash (§9.1.2) around it.</li>
   * </ul>
   *
   * <p><b>Security:</b> a valid signature over a digest says nothing about which message it
   * came from: the caller must have computed it over the message it means, with Z for SM2.
   *
   * @param digest the digest, exactly the length of the algorithm's digest
   * @param signature the signature
   * @throws IllegalArgumentException if the digest has the wrong length
   * @throws SignatureVerificationException if the signature is malformed or does not match, or
   *     this verifier cannot verify a digest (the default)
   */
  default void verifyDigest(byte[] digest, byte[] signature)
      throws SignatureVerificationException {
    throw new SignatureVerificationException(algorithm() + ": this verifier cannot verify a"
        + " digest, only a message");
  }
}
