package org.ukey.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;

/**
 * Verifies signatures with BouncyCastle's lightweight classes directly, independently of the
 * SDK's own verifiers, so that a provider under test is never judged by code it shares.
 *
 * <p>SM2 is checked with {@code SM2Signer} over SM3 and the algorithm's user ID (GM/T 0009-2012
 * §8), ECDSA with {@code DSADigestSigner(ECDSASigner)}, RSA PKCS#1 v1.5 with
 * {@code RSADigestSigner} and RSASSA-PSS with {@code PSSSigner} (MGF1 over the same digest, salt
 * as long as the digest, trailer 0xBC; RFC 8017 §9.1). SM2 and ECDSA signatures must be strict
 * DER {@code SEQUENCE {r, s}}: BouncyCastle's {@code StandardDSAEncoding} rejects any other
 * encoding of the same integers. Public keys are read from their JCA interfaces (not their
 * encodings), and an EC key must lie on the curve its algorithm or spec names.
 *
 * <p><b>Thread-safety:</b> stateless and thread-safe; every call builds its own BouncyCastle
 * objects.
 */
public final class ReferenceVerifier {
  private static final int BUFFER = 64 * 1024;

  private ReferenceVerifier() {}

  /**
   * Verifies a signature over a message.
   *
   * @param publicKey the signer's public key (RSA, or EC on sm2p256v1, P-256 or P-384)
   * @param algorithm the algorithm, with its SM2 user ID
   * @param message the message
   * @param signature the signature
   * @throws SignatureVerificationException if the signature does not verify, or the key does not
   *     suit the algorithm
   */
  public static void verify(PublicKey publicKey, SignatureAlgorithm algorithm, byte[] message,
      byte[] signature) throws SignatureVerificationException {
    Objects.requireNonNull(message, "message");
    Verification verification = begin(publicKey, algorithm);
    verification.update(message, 0, message.length);
    verification.verify(signature);
  }

  /**
   * Verifies a signature over everything read from a stream, in constant memory. Reads to the
   * end; does not close the stream.
   *
   * @param publicKey the signer's public key
   * @param algorithm the algorithm, with its SM2 user ID
   * @param message the message
   * @param signature the signature
   * @throws IOException if reading fails
   * @throws SignatureVerificationException if the signature does not verify
   */
  public static void verify(PublicKey publicKey, SignatureAlgorithm algorithm, InputStream message,
      byte[] signature) throws IOException, SignatureVerificationException {
    Objects.requireNonNull(message, "message");
    Verification verification = begin(publicKey, algorithm);
    byte[] buffer = new byte[BUFFER];
    for (int n = message.read(buffer); n >= 0; n = message.read(buffer)) {
      verification.update(buffer, 0, n);
    }
    verification.verify(signature);
  }

  /**
   * Starts a verification to be fed piece by piece: for a test that sees the message only as it
   * streams past (a tee on the stream a signer reads), so it need not be generated twice.
   *
   * @param publicKey the signer's public key
   * @param algorithm the algorithm, with its SM2 user ID
   * @return the verification; feed it with {@link Verification#update}, then call
   *     {@link Verification#verify} once
   * @throws SignatureVerificationException if the key does not suit the algorithm
   */
  public static Verification begin(PublicKey publicKey, SignatureAlgorithm algorithm)
      throws SignatureVerificationException {
    return new Verification(newVerifier(publicKey, algorithm), algorithm);
  }

  /**
   * Checks that a public key is exactly what a spec says: an RSA modulus of the spec's size, or
   * a point on the spec's curve.
   *
   * @param publicKey the key
   * @param spec the spec it should have
   * @throws SignatureVerificationException if it is not
   */
  public static void checkKeyMatches(PublicKey publicKey, KeySpec spec)
      throws SignatureVerificationException {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(spec, "spec");
    if (spec.type() == KeyType.RSA) {
      if (!(publicKey instanceof RSAPublicKey)) {
        throw new SignatureVerificationException("expected an RSA public key for " + spec
            + ", got " + publicKey.getAlgorithm() + " (" + publicKey.getClass().getName() + ")");
      }
      int bits = ((RSAPublicKey) publicKey).getModulus().bitLength();
      if (bits != spec.bits()) {
        throw new SignatureVerificationException(
            "expected a " + spec.bits() + "-bit RSA modulus for " + spec + ", got " + bits);
      }
      return;
    }
    ecParameters(publicKey, curveOf(spec), spec.toString());
  }

  /**
   * A verification in progress: the message so far, hashed as it comes.
   *
   * <p><b>Thread-safety:</b> not thread-safe; feed it from one thread.
   */
  public static final class Verification {
    private final org.bouncycastle.crypto.Signer verifier;
    private final SignatureAlgorithm algorithm;
    private boolean done;

    private Verification(org.bouncycastle.crypto.Signer verifier, SignatureAlgorithm algorithm) {
      this.verifier = verifier;
      this.algorithm = algorithm;
    }

    /**
     * Adds message bytes.
     *
     * @param data the bytes
     * @param offset where they start in {@code data}
     * @param length how many
     * @throws IllegalStateException after {@link #verify}
     */
    public void update(byte[] data, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, data.length);
      checkNotDone();
      verifier.update(data, offset, length);
    }

    /**
     * Checks the signature over everything added.
     *
     * @param signature the signature
     * @throws SignatureVerificationException if it does not verify
     * @throws IllegalStateException if called a second time
     */
    public void verify(byte[] signature) throws SignatureVerificationException {
      checkNotDone();
      done = true;
      finish(verifier, algorithm, signature);
    }

    private void checkNotDone() {
      if (done) {
        throw new IllegalStateException("this verification is finished");
      }
    }
  }

  private static org.bouncycastle.crypto.Signer newVerifier(PublicKey publicKey,
      SignatureAlgorithm algorithm) throws SignatureVerificationException {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(algorithm, "algorithm");
    switch (algorithm.keyType()) {
      case SM2: {
        SM2Signer sm2 = new SM2Signer(new SM3Digest());
        byte[] id = algorithm.sm2UserId().orElseThrow();
        ECPublicKeyParameters key = ecParameters(publicKey, "sm2p256v1", algorithm.toString());
        sm2.init(false, new ParametersWithID(key, id));
        return sm2;
      }
      case EC: {
        DSADigestSigner ecdsa = new DSADigestSigner(new ECDSASigner(), digest(algorithm.digest()));
        ecdsa.init(false, ecParameters(publicKey, nistCurveOf(publicKey, algorithm),
            algorithm.toString()));
        return ecdsa;
      }
      case RSA: {
        if (!(publicKey instanceof RSAPublicKey)) {
          throw new SignatureVerificationException(algorithm + " needs an RSA public key, got "
              + publicKey.getAlgorithm());
        }
        RSAPublicKey rsa = (RSAPublicKey) publicKey;
        CipherParameters key = new RSAKeyParameters(false, rsa.getModulus(),
            rsa.getPublicExponent());
        org.bouncycastle.crypto.Signer signer = algorithm.isPss()
            ? new PSSSigner(new RSAEngine(), digest(algorithm.digest()),
                digest(algorithm.digest()), algorithm.pssSaltLength())
            : new RSADigestSigner(digest(algorithm.digest()));
        signer.init(false, key);
        return signer;
      }
      default:
        throw new SignatureVerificationException("no reference verifier for " + algorithm);
    }
  }

  private static void finish(org.bouncycastle.crypto.Signer verifier,
      SignatureAlgorithm algorithm, byte[] signature) throws SignatureVerificationException {
    Objects.requireNonNull(signature, "signature");
    boolean valid;
    try {
      valid = verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      // BouncyCastle throws on some malformed encodings instead of returning false.
      throw new SignatureVerificationException(algorithm + " signature of " + signature.length
          + " bytes is malformed: " + e, e);
    }
    if (!valid) {
      throw new SignatureVerificationException(algorithm + " signature of " + signature.length
          + " bytes does not verify (BouncyCastle " + verifier.getClass().getSimpleName() + ")");
    }
  }

  private static String curveOf(KeySpec spec) {
    return spec.curveName().orElseThrow();
  }

  /** P-256 or P-384, by the key's field size: ECDSA may pair either curve with either digest. */
  private static String nistCurveOf(PublicKey publicKey, SignatureAlgorithm algorithm)
      throws SignatureVerificationException {
    if (!(publicKey instanceof ECPublicKey)) {
      throw new SignatureVerificationException(algorithm + " needs an EC public key, got "
          + publicKey.getAlgorithm());
    }
    int fieldBits = ((ECPublicKey) publicKey).getParams().getCurve().getField().getFieldSize();
    return fieldBits > 256 ? "secp384r1" : "secp256r1";
  }

  private static ECPublicKeyParameters ecParameters(PublicKey publicKey, String curveName,
      String what) throws SignatureVerificationException {
    if (!(publicKey instanceof ECPublicKey)) {
      throw new SignatureVerificationException(what + " needs an EC public key on " + curveName
          + ", got " + publicKey.getAlgorithm() + " (" + publicKey.getClass().getName() + ")");
    }
    ECPublicKey ec = (ECPublicKey) publicKey;
    X9ECParameters x9 = CustomNamedCurves.getByName(curveName);
    BigInteger order = ec.getParams().getOrder();
    BigInteger gx = ec.getParams().getGenerator().getAffineX();
    if (!x9.getN().equals(order) || !x9.getG().getAffineXCoord().toBigInteger().equals(gx)) {
      throw new SignatureVerificationException(what + " needs a key on " + curveName
          + ", but the key's curve has another order or generator");
    }
    try {
      ECPoint q = x9.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY());
      return new ECPublicKeyParameters(q, new ECDomainParameters(x9));
    } catch (IllegalArgumentException e) {
      throw new SignatureVerificationException(
          what + " public key is not a valid point of " + curveName, e);
    }
  }

  private static Digest digest(DigestAlgorithm digest) {
    switch (digest) {
      case SM3:
        return new SM3Digest();
      case SHA256:
        return new SHA256Digest();
      case SHA384:
        return new SHA384Digest();
      case SHA512:
        return new SHA512Digest();
      default:
        throw new IllegalArgumentException("no digest " + digest);
    }
  }
}
