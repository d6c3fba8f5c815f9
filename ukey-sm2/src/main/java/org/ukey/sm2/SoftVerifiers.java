package org.ukey.sm2;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.api.Verifier;
import org.ukey.sm2.engine.Sm2Group;
import org.ukey.sm2.engine.Sm2VerifyingKey;
import org.ukey.sm2.internal.DigestEngines;
import org.ukey.sm2.internal.Sm3Engine;

/**
 * Verifiers over public keys. SM2 and ECDSA signatures must be strict DER, checked by
 * {@link SignatureCodec} before any arithmetic; RSA signatures must be exactly the modulus
 * length.
 *
 * <p>An SM2 verifier computes Z and the multiples of the public point once and keeps them, so
 * keep a verifier for a key that verifies often rather than calling {@link #verify} each time.
 *
 * <p><b>Thread-safety:</b> the verifiers returned are immutable and thread-safe.
 */
public final class SoftVerifiers {
  private SoftVerifiers() {}

  /**
   * A verifier for a public key.
   *
   * @param publicKey the key
   * @param algorithm the algorithm; must suit the key
   * @return the verifier
   * @throws UnsupportedAlgorithmException if the key and algorithm do not fit together
   */
  public static Verifier create(PublicKey publicKey, SignatureAlgorithm algorithm)
      throws UnsupportedAlgorithmException {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(algorithm, "algorithm");
    AsymmetricKeyParameter key = SoftKeys.toParams(publicKey);
    KeySpec spec = SoftKeys.specOf(key);
    if (spec.type() != algorithm.keyType()) {
      throw new UnsupportedAlgorithmException(
          algorithm + " cannot verify with a " + spec + " key");
    }
    switch (algorithm.keyType()) {
      case SM2:
        return new Sm2Verifier(new Sm2VerifyingKey(Sm2Group.sm2p256v1(),
            ((ECPublicKeyParameters) key).getQ(), algorithm.sm2UserId().orElseThrow()),
            algorithm);
      case EC:
        return new EcdsaVerifier((ECPublicKeyParameters) key, algorithm);
      default:
        return new RsaVerifier((RSAKeyParameters) key, algorithm);
    }
  }

  /**
   * Verifies one signature: shorthand for {@code create(publicKey, algorithm).verify(...)}.
   *
   * @param publicKey the key
   * @param algorithm the algorithm
   * @param message the signed data
   * @param signature the signature
   * @throws SignatureVerificationException if the signature is malformed or does not match
   * @throws UnsupportedAlgorithmException if the key and algorithm do not fit together
   */
  public static void verify(PublicKey publicKey, SignatureAlgorithm algorithm, byte[] message,
      byte[] signature) throws SignatureVerificationException, UnsupportedAlgorithmException {
    create(publicKey, algorithm).verify(message, signature);
  }

  private abstract static class SoftVerifier implements Verifier {
    final SignatureAlgorithm algorithm;

    SoftVerifier(SignatureAlgorithm algorithm) {
      this.algorithm = algorithm;
    }

    @Override
    public final SignatureAlgorithm algorithm() {
      return algorithm;
    }

    final BigInteger[] decode(byte[] signature, BigInteger order)
        throws SignatureVerificationException {
      try {
        return SignatureCodec.decodeDer(signature, order);
      } catch (InvalidEncodingException e) {
        throw new SignatureVerificationException(algorithm + " signature is malformed: "
            + e.getMessage(), e);
      }
    }

    final SignatureVerificationException mismatch() {
      return new SignatureVerificationException(algorithm + " signature does not verify");
    }

    /** Checks a caller's digest: present and the algorithm's digest length. */
    final void checkDigest(byte[] digest) {
      SoftSigners.requireDigestLength(algorithm, digest, "verifies");
    }

    @Override
    public String toString() {
      return "SoftVerifier[" + algorithm + "]";
    }
  }

  private static final class Sm2Verifier extends SoftVerifier {
    private final Sm2VerifyingKey key;
    private final BigInteger order;

    Sm2Verifier(Sm2VerifyingKey key, SignatureAlgorithm algorithm) {
      super(algorithm);
      this.key = key;
      this.order = Sm2Group.sm2p256v1().order();
    }

    @Override
    public void verify(byte[] message, byte[] signature) throws SignatureVerificationException {
      Objects.requireNonNull(message, "message");
      BigInteger[] rs = decode(Objects.requireNonNull(signature, "signature"), order);
      Sm3Engine d = key.newDigest();
      d.update(message, 0, message.length);
      finish(d, rs);
    }

    @Override
    public void verify(InputStream message, byte[] signature)
        throws IOException, SignatureVerificationException {
      BigInteger[] rs = decode(Objects.requireNonNull(signature, "signature"), order);
      Sm3Engine d = key.newDigest();
      SoftSigners.pump(message, d::update);
      finish(d, rs);
    }

    @Override
    public void verifyDigest(byte[] e, byte[] signature) throws SignatureVerificationException {
      checkDigest(e);
      BigInteger[] rs = decode(Objects.requireNonNull(signature, "signature"), order);
      if (!key.verify(e, rs[0], rs[1])) {
        throw mismatch();
      }
    }

    private void finish(Sm3Engine d, BigInteger[] rs) throws SignatureVerificationException {
      byte[] e = new byte[Sm3.DIGEST_LENGTH];
      d.doFinal(e, 0);
      if (!key.verify(e, rs[0], rs[1])) {
        throw mismatch();
      }
    }
  }

  private static final class EcdsaVerifier extends SoftVerifier {
    private final ECPublicKeyParameters key;

    EcdsaVerifier(ECPublicKeyParameters key, SignatureAlgorithm algorithm) {
      super(algorithm);
      this.key = key;
    }

    @Override
    public void verify(byte[] message, byte[] signature) throws SignatureVerificationException {
      Objects.requireNonNull(message, "message");
      BigInteger[] rs = decode(Objects.requireNonNull(signature, "signature"),
          key.getParameters().getN());
      Digest d = DigestEngines.create(algorithm.digest());
      d.update(message, 0, message.length);
      finish(d, rs);
    }

    @Override
    public void verify(InputStream message, byte[] signature)
        throws IOException, SignatureVerificationException {
      BigInteger[] rs = decode(Objects.requireNonNull(signature, "signature"),
          key.getParameters().getN());
      Digest d = DigestEngines.create(algorithm.digest());
      SoftSigners.pump(message, d::update);
      finish(d, rs);
    }

    @Override
    public void verifyDigest(byte[] hash, byte[] signature) throws SignatureVerificationException {
      checkDigest(hash);
      BigInteger[] rs = decode(Objects.requireNonNull(signature, "signature"),
          key.getParameters().getN());
      check(hash, rs);
    }

    private void finish(Digest d, BigInteger[] rs) throws SignatureVerificationException {
      byte[] hash = new byte[d.getDigestSize()];
      d.doFinal(hash, 0);
      check(hash, rs);
    }

    private void check(byte[] hash, BigInteger[] rs) throws SignatureVerificationException {
      ECDSASigner ecdsa = new ECDSASigner();
      ecdsa.init(false, key);
      if (!ecdsa.verifySignature(hash, rs[0], rs[1])) {
        throw mismatch();
      }
    }
  }

  private static final class RsaVerifier extends SoftVerifier {
    private final RSAKeyParameters key;
    private final int length;

    RsaVerifier(RSAKeyParameters key, SignatureAlgorithm algorithm) {
      super(algorithm);
      this.key = key;
      this.length = (key.getModulus().bitLength() + 7) / 8;
    }

    @Override
    public void verify(byte[] message, byte[] signature) throws SignatureVerificationException {
      Objects.requireNonNull(message, "message");
      org.bouncycastle.crypto.Signer s = start(signature);
      s.update(message, 0, message.length);
      finish(s, signature);
    }

    @Override
    public void verify(InputStream message, byte[] signature)
        throws IOException, SignatureVerificationException {
      org.bouncycastle.crypto.Signer s = start(signature);
      SoftSigners.pump(message, s::update);
      finish(s, signature);
    }

    @Override
    public void verifyDigest(byte[] hash, byte[] signature) throws SignatureVerificationException {
      checkDigest(hash);
      checkLength(Objects.requireNonNull(signature, "signature"));
      if (algorithm.isPss()) {
        // RFC 8017 §9.1.2: the raw PSS verifier takes mHash as its whole input.
        PSSSigner pss = PSSSigner.createRawSigner(new RSABlindedEngine(),
            DigestEngines.create(algorithm.digest()), DigestEngines.create(algorithm.digest()),
            algorithm.pssSaltLength(), PSSSigner.TRAILER_IMPLICIT);
        pss.init(false, key);
        pss.update(hash, 0, hash.length);
        finish(pss, signature);
        return;
      }
      // RFC 8017 §8.2.2: EMSA-PKCS1-v1_5 of the hash, compared whole after the RSA operation.
      byte[] expected;
      try {
        expected = new DigestInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier(
            algorithm.digest().oid()), DERNull.INSTANCE), hash).getEncoded(ASN1Encoding.DER);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("DigestInfo cannot be encoded", e);
      }
      byte[] found;
      try {
        PKCS1Encoding pkcs1 = new PKCS1Encoding(new RSABlindedEngine());
        pkcs1.init(false, key);
        found = pkcs1.processBlock(signature, 0, signature.length);
      } catch (InvalidCipherTextException | RuntimeException e) {
        throw mismatch();
      }
      if (!java.security.MessageDigest.isEqual(expected, found)) {
        throw mismatch();
      }
    }

    private void checkLength(byte[] signature) throws SignatureVerificationException {
      // RFC 8017 §8.1.2 step 1 and §8.2.2 step 1: the signature is exactly k octets.
      if (signature.length != length) {
        throw new SignatureVerificationException(algorithm + " signature is malformed: "
            + signature.length + " bytes for a " + length + "-byte modulus");
      }
    }

    private org.bouncycastle.crypto.Signer start(byte[] signature)
        throws SignatureVerificationException {
      checkLength(Objects.requireNonNull(signature, "signature"));
      org.bouncycastle.crypto.Signer s = algorithm.isPss()
          ? new PSSSigner(new RSABlindedEngine(), DigestEngines.create(algorithm.digest()),
              DigestEngines.create(algorithm.digest()), algorithm.pssSaltLength())
          : new RSADigestSigner(DigestEngines.create(algorithm.digest()));
      s.init(false, key);
      return s;
    }

    private void finish(org.bouncycastle.crypto.Signer s, byte[] signature)
        throws SignatureVerificationException {
      boolean ok;
      try {
        ok = s.verifySignature(signature);
      } catch (RuntimeException e) {
        throw new SignatureVerificationException(algorithm + " signature is malformed", e);
      }
      if (!ok) {
        throw mismatch();
      }
    }
  }
}
