package org.ukey.api;

import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
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

  /**
   * Whether {@link #signDigest(byte[])} is available: when false it throws (an
   * {@link UnsupportedAlgorithmException}, or a {@link PolicyViolationException} that a policy
   * records), so a caller that can do either (hash a shared prefix once and sign a digest, or
   * sign the message) asks this first and signs the message. Constant for a signer.
   *
   * @return true when this signer signs digests; this default implementation returns false
   */
  default boolean signsDigests() {
    return false;
  }

  /**
   * Signs a digest the caller computed, for callers that hash elsewhere (a hash received over
   * the network, one hash signed by several keys). What the digest is depends on the algorithm:
   *
   * <ul>
   *   <li>{@link SignatureAlgorithm#SM3_WITH_SM2}: e = SM3(Z‖M), 32 bytes, with Z computed from
   *       the user ID of {@link #algorithm()} and {@link #publicKey()} (GB/T 32918.2-2016 §6.1
   *       A1–A2; GM/T 0009-2012 §8.1): the value GM/T 0016 {@code SKF_ECCSignData} takes. Not
   *       SM3(M): a signature of SM3(M) does not verify for M.
   *   <li>{@link SignatureAlgorithm#SHA256_WITH_ECDSA},
   *       {@link SignatureAlgorithm#SHA384_WITH_ECDSA}: the SHA-256 or SHA-384 hash of M, 32 or
   *       48 bytes (FIPS 186-4 §6.4; JCA {@code NONEwithECDSA}, PKCS#11 {@code CKM_ECDSA}).
   *   <li>{@link SignatureAlgorithm#SHA256_WITH_RSA}, {@link SignatureAlgorithm#SHA384_WITH_RSA}
   *       (PKCS#1 v1.5): the hash of M; the signer wraps it in the {@code DigestInfo} (RFC 8017
   *       §9.2 step 2).
   *   <li>{@link SignatureAlgorithm#SHA256_WITH_RSA_PSS},
   *       {@link SignatureAlgorithm#SHA384_WITH_RSA_PSS}: the hash of M, mHash of RFC 8017 §9.1.1
   *       step 2.
   * </ul>
   *
   * <p>The result is a signature of M in the sense that it verifies as {@code sign(M)}'s does,
   * in the same form (DER for SM2 and ECDSA); SM2, PSS and ECDSA with random nonces are
   * randomized, so the bytes may differ from those of {@code sign(M)}.
   *
   * <p><b>Security:</b> the signer never sees the message, so a signer that must judge the
   * content (a policy that checks the document or records its digest) refuses with
   * {@link PolicyViolationException}. The caller vouches that the digest is the hash of the
   * message it means to sign. {@link #signsDigests()} says beforehand whether this signer
   * does.
   *
   * @param digest the digest; its length must be the algorithm's digest length
   *     ({@link DigestAlgorithm#length()}); not modified
   * @return the signature (DER for SM2 and ECDSA)
   * @throws IllegalArgumentException if the digest is not the algorithm's digest length
   * @throws UnsupportedAlgorithmException if this signer cannot sign a digest (for example a
   *     token whose mechanism hashes the message on the token); this default implementation
   *     always throws it
   * @throws PolicyViolationException if a policy needs the message itself
   * @throws TokenRemovedException if the token was removed
   * @throws UKeyException if signing fails
   */
  default byte[] signDigest(byte[] digest) throws UKeyException {
    Objects.requireNonNull(digest, "digest");
    throw new UnsupportedAlgorithmException(getClass().getSimpleName() + " cannot sign a"
        + " digest computed by the caller for " + algorithm() + "; sign the message instead");
  }
}
