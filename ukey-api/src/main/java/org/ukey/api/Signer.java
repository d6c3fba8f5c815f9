package org.ukey.api;

import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Signs with one key and one algorithm.
 *
 * <p>SM2 and ECDSA signatures are DER {@code SEQUENCE { r INTEGER, s INTEGER }} (GM/T 0009-2012
 * §7.3; RFC 5480); RSA signatures are the modulus-length octet string. SM2 signs
 * e = SM3(Z‖M) with the user ID carried by {@link #algorithm()}.
 *
 * <p><b>Thread-safety:</b> thread-safe: one signer may be shared by many threads (a token signer
 * borrows a native session from its {@link Session}'s pool per call).
 *
 * <p><b>Security:</b> a signer made by a {@link Session} becomes unusable when the session is
 * closed; its calls then throw {@link IllegalStateException}.
 */
public interface Signer {
  /**
   * The algorithm, with its parameters (the SM2 user ID).
   *
   * @return the algorithm
   */
  SignatureAlgorithm algorithm();

  /**
   * The public key matching the signing key.
   *
   * @return the public key
   */
  PublicKey publicKey();

  /**
   * The signer's certificate, when the key has one.
   *
   * @return the certificate
   */
  Optional<X509Certificate> certificate();

  /**
   * Signs a message.
   *
   * @param message the data; not modified
   * @return the signature (DER for SM2 and ECDSA)
   * @throws TokenRemovedException if the token was removed
   * @throws UKeyException if signing fails
   */
  byte[] sign(byte[] message) throws UKeyException;

  /**
   * Signs everything read from a stream, in constant memory (a 1 GiB document is hashed as it
   * streams). Reads to the end; does not close the stream.
   *
   * @param message the data
   * @return the signature, equal to {@code sign(allBytes)}
   * @throws IOException if reading the stream fails
   * @throws UKeyException if signing fails
   */
  byte[] sign(InputStream message) throws IOException, UKeyException;
}
