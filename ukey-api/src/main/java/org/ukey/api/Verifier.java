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
}
