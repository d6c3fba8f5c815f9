package org.ukey.seal.internal;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SignatureCodec;
import org.ukey.sm2.SoftVerifiers;

/**
 * Verifies the signature values found in seals: DER {@code SEQUENCE{r,s}} or raw {@code r‖s}
 * (both occur in production files; GM/T 0009-2012 §7.3 prescribes DER), with the algorithm the
 * seal names and, for SM2, the default user ID (GM/T 0009-2012 §10; every verifiable seal seen
 * uses it).
 */
public final class SignatureValues {
  /** Verifiers by public key and algorithm: converting a key is dearer than a verification. */
  private static final BoundedCache<ByteKey, org.ukey.api.Verifier> VERIFIERS =
      new BoundedCache<>(256);

  /** Verifiers by certificate and algorithm, for certificates that recur (the parse cache). */
  private static final BoundedCache<java.util.List<Object>, org.ukey.api.Verifier> BY_CERT =
      new BoundedCache<>(256);

  private SignatureValues() {}

  /**
   * Verifies a signature value over data with a certificate's key.
   *
   * @param cert the signer's certificate (ideally from {@link Certificates#parse}, whose objects
   *     recur, so that its verifier is kept)
   * @param algorithm the algorithm
   * @param data the signed bytes
   * @param value the signature as found (DER, or raw r‖s for EC/SM2)
   * @throws SignatureVerificationException if it does not verify or is malformed
   * @throws UnsupportedAlgorithmException if the key does not suit the algorithm
   */
  public static void verify(java.security.cert.X509Certificate cert, SignatureAlgorithm algorithm,
      byte[] data, byte[] value) throws SignatureVerificationException,
      UnsupportedAlgorithmException {
    verify(verifier(cert, algorithm), cert.getPublicKey(), algorithm, value,
        (v, der) -> v.verify(data, der));
  }

  /**
   * Verifies a signature value over a digest computed by the caller (for SM2, e = SM3(Z ‖ M)
   * with the certificate's key and the algorithm's user ID; see
   * {@link org.ukey.api.Verifier#verifyDigest}).
   *
   * @param cert the signer's certificate
   * @param algorithm the algorithm
   * @param digest the digest of the signed bytes
   * @param value the signature as found (DER, or raw r‖s for EC/SM2)
   * @throws SignatureVerificationException if it does not verify or is malformed
   * @throws UnsupportedAlgorithmException if the key does not suit the algorithm
   */
  public static void verifyDigest(java.security.cert.X509Certificate cert,
      SignatureAlgorithm algorithm, byte[] digest, byte[] value)
      throws SignatureVerificationException, UnsupportedAlgorithmException {
    verify(verifier(cert, algorithm), cert.getPublicKey(), algorithm, value,
        (v, der) -> v.verifyDigest(digest, der));
  }

  private static org.ukey.api.Verifier verifier(java.security.cert.X509Certificate cert,
      SignatureAlgorithm algorithm) throws UnsupportedAlgorithmException {
    // X509Certificate.equals is identity first, then the encoding: the same object hits at once.
    java.util.List<Object> key = java.util.List.of(cert, algorithm);
    org.ukey.api.Verifier v = BY_CERT.peek(key);
    if (v == null) {
      v = verifier(cert.getPublicKey(), algorithm);
      BY_CERT.put(key, v);
    }
    return v;
  }

  /** One way of checking a DER signature with a verifier. */
  @FunctionalInterface
  private interface Check {
    void run(org.ukey.api.Verifier v, byte[] der) throws SignatureVerificationException;
  }

  private static org.ukey.api.Verifier verifier(PublicKey key, SignatureAlgorithm algorithm)
      throws UnsupportedAlgorithmException {
    byte[] spki = key.getEncoded();
    byte[] alg = algorithm.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k = java.util.Arrays.copyOf(spki, spki.length + alg.length);
    System.arraycopy(alg, 0, k, spki.length, alg.length);
    ByteKey cacheKey = ByteKey.view(k);
    org.ukey.api.Verifier v = VERIFIERS.peek(cacheKey);
    if (v == null) {
      v = SoftVerifiers.create(key, algorithm);
      VERIFIERS.put(cacheKey, v);
    }
    return v;
  }

  /**
   * The algorithm a seal names.
   *
   * @param oid the signature algorithm OID
   * @return the algorithm
   * @throws UnsupportedAlgorithmException if the OID is not a signature algorithm the SDK knows
   */
  public static SignatureAlgorithm algorithm(String oid) throws UnsupportedAlgorithmException {
    return SignatureAlgorithm.byOid(oid).orElseThrow(() -> new UnsupportedAlgorithmException(
        "unsupported signature algorithm " + oid));
  }

  /**
   * Verifies a signature value over data.
   *
   * @param key the signer's public key
   * @param algorithm the algorithm
   * @param data the signed bytes
   * @param value the signature as found (DER, or raw r‖s for EC/SM2)
   * @throws SignatureVerificationException if it does not verify or is malformed
   * @throws UnsupportedAlgorithmException if the key does not suit the algorithm
   */
  public static void verify(PublicKey key, SignatureAlgorithm algorithm, byte[] data, byte[] value)
      throws SignatureVerificationException, UnsupportedAlgorithmException {
    verify(verifier(key, algorithm), key, algorithm, value, (v, der) -> v.verify(data, der));
  }

  private static void verify(org.ukey.api.Verifier verifier, PublicKey key,
      SignatureAlgorithm algorithm, byte[] value, Check check)
      throws SignatureVerificationException {
    SignatureVerificationException failure = null;
    for (byte[] der : candidates(key, algorithm, value)) {
      try {
        check.run(verifier, der);
        return;
      } catch (SignatureVerificationException e) {
        failure = failure == null ? e : failure;
      } catch (RuntimeException e) {
        failure = failure == null
            ? new SignatureVerificationException("signature cannot be checked: " + e, e)
            : failure;
      }
    }
    throw failure;
  }

  /**
   * The DER forms a found value may stand for. A value of exactly twice the field length is raw
   * {@code r‖s} (as SKF devices return it); in the rare case that such a value is also a
   * well-formed DER signature, both readings are tried.
   */
  static java.util.List<byte[]> candidates(PublicKey key, SignatureAlgorithm algorithm,
      byte[] value) throws SignatureVerificationException {
    if (algorithm.keyType() == KeyType.RSA || !(key instanceof ECPublicKey)) {
      return java.util.List.of(value);
    }
    ECPublicKey ec = (ECPublicKey) key;
    int fieldBytes = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    BigInteger n = ec.getParams().getOrder();
    if (value.length != 2 * fieldBytes) {
      return java.util.List.of(value);
    }
    byte[] raw;
    try {
      raw = SignatureCodec.rawToDer(value, n);
    } catch (InvalidEncodingException e) {
      return java.util.List.of(value);
    }
    try {
      SignatureCodec.decodeDer(value, n);
      return java.util.List.of(raw, value);
    } catch (InvalidEncodingException e) {
      return java.util.List.of(raw);
    }
  }
}
