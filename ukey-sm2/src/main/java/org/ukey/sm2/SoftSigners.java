package org.ukey.sm2;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.engine.Sm2Group;
import org.ukey.sm2.engine.Sm2SigningKey;
import org.ukey.sm2.internal.DigestEngines;
import org.ukey.sm2.internal.Sm3Engine;
import org.ukey.sm2.internal.Streams;

/**
 * Signers over private keys held in memory.
 *
 * <p>SM2 signs e = SM3(Z‖M) with the algorithm's user ID (GM/T 0009-2012 §8; GB/T 32918.2-2016
 * §6.1) and returns DER; Z and (1 + d)⁻¹ are computed once per signer and the nonce k is drawn
 * from a {@link SecureRandom} for every signature. ECDSA uses deterministic nonces (RFC 6979)
 * and returns DER; RSA uses PKCS#1 v1.5 or PSS (RFC 8017). Everything runs on BouncyCastle's
 * lightweight API, with no JCA provider look-up when signing.
 *
 * <p>{@link Signer#signDigest(byte[])} takes what {@code sign} would compute from the message
 * and goes on from there on the same path: e for SM2 (signed by the same engine), the hash for
 * ECDSA (the same RFC 6979 nonces, so the signature equals {@code sign(M)}'s), the hash wrapped
 * in its {@code DigestInfo} for PKCS#1 v1.5 (the same blinded RSA, equal signatures) and mHash
 * for PSS.
 *
 * <p><b>Thread-safety:</b> the signers returned are immutable and thread-safe; one signer may be
 * shared by any number of threads.
 *
 * <p><b>Security:</b> the signer keeps the private key in memory for its lifetime.
 */
public final class SoftSigners {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SoftSigners() {}

  /**
   * A signer for a private key.
   *
   * @param privateKey the private key
   * @param publicKey its public key
   * @param certificate its certificate, or {@code null}
   * @param algorithm the algorithm; must suit the key
   * @return the signer
   * @throws UnsupportedAlgorithmException if the key and algorithm do not fit together
   * @throws IllegalArgumentException if the public key is not the private key's
   */
  public static Signer create(PrivateKey privateKey, PublicKey publicKey,
      X509Certificate certificate, SignatureAlgorithm algorithm)
      throws UnsupportedAlgorithmException {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(algorithm, "algorithm");
    AsymmetricKeyParameter key = SoftKeys.toParams(privateKey);
    KeySpec spec = SoftKeys.specOf(key);
    if (spec.type() != algorithm.keyType()) {
      throw new UnsupportedAlgorithmException(
          algorithm + " cannot sign with a " + spec + " key");
    }
    AsymmetricKeyParameter pub = SoftKeys.toParams(publicKey);
    switch (algorithm.keyType()) {
      case SM2: {
        Sm2SigningKey sm2 = new Sm2SigningKey(Sm2Group.sm2p256v1(),
            ((ECPrivateKeyParameters) key).getD(), algorithm.sm2UserId().orElseThrow());
        requireSamePoint(sm2.publicPoint(), pub);
        return new Sm2Signer(sm2, publicKey, certificate, algorithm);
      }
      case EC: {
        ECPrivateKeyParameters ec = (ECPrivateKeyParameters) key;
        requireSamePoint(new FixedPointCombMultiplier()
            .multiply(ec.getParameters().getG(), ec.getD()), pub);
        return new EcdsaSigner(ec, publicKey, certificate, algorithm);
      }
      default: {
        requireSameModulus((RSAKeyParameters) key, pub);
        return new RsaSigner((RSAKeyParameters) key, publicKey, certificate, algorithm);
      }
    }
  }

  private static void requireSamePoint(ECPoint derived, AsymmetricKeyParameter pub) {
    if (!(pub instanceof ECPublicKeyParameters)
        || !((ECPublicKeyParameters) pub).getQ().equals(derived)) {
      throw new IllegalArgumentException("publicKey is not the public key of privateKey");
    }
  }

  private static void requireSameModulus(RSAKeyParameters key, AsymmetricKeyParameter pub) {
    if (!(pub instanceof RSAKeyParameters)
        || !((RSAKeyParameters) pub).getModulus().equals(key.getModulus())
        || (key instanceof RSAPrivateCrtKeyParameters && !((RSAKeyParameters) pub).getExponent()
            .equals(((RSAPrivateCrtKeyParameters) key).getPublicExponent()))) {
      throw new IllegalArgumentException("publicKey is not the public key of privateKey");
    }
  }

  /** Feeds everything read from a stream to {@code sink}, in constant memory. */
  static void pump(InputStream in, Streams.Sink sink) throws IOException {
    Objects.requireNonNull(in, "message");
    Streams.pump(in, sink);
  }

  private abstract static class SoftSigner implements Signer {
    final SignatureAlgorithm algorithm;
    private final PublicKey publicKey;
    private final X509Certificate certificate;

    SoftSigner(PublicKey publicKey, X509Certificate certificate, SignatureAlgorithm algorithm) {
      this.publicKey = publicKey;
      this.certificate = certificate;
      this.algorithm = algorithm;
    }

    @Override
    public final boolean signsDigests() {
      return true;
    }

    @Override
    public final SignatureAlgorithm algorithm() {
      return algorithm;
    }

    @Override
    public final PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public final Optional<X509Certificate> certificate() {
      return Optional.ofNullable(certificate);
    }

    @Override
    public String toString() {
      return "SoftSigner[" + algorithm + "]";
    }

    /** Checks that a caller's digest is as long as the algorithm's digest. */
    final void requireDigestLength(byte[] digest) {
      SoftSigners.requireDigestLength(algorithm, digest, "signs");
    }
  }

  /**
   * Checks that a caller's digest (for signDigest or verifyDigest) is present and as long as
   * the algorithm's digest.
   *
   * @param verb "signs" or "verifies", for the message
   */
  static void requireDigestLength(SignatureAlgorithm algorithm, byte[] digest, String verb) {
    Objects.requireNonNull(digest, "digest");
    int n = algorithm.digest().length();
    if (digest.length != n) {
      throw new IllegalArgumentException(algorithm + " " + verb + " a " + n + "-byte "
          + (algorithm.keyType() == KeyType.SM2 ? "e = SM3(Z‖M)" : algorithm.digest().jcaName())
          + " digest, not " + digest.length + " bytes");
    }
  }

  /** SM2 on the engine: e = SM3(Z‖M) from a digest that already holds Z, then sign e. */
  private static final class Sm2Signer extends SoftSigner {
    private final Sm2SigningKey key;

    Sm2Signer(Sm2SigningKey key, PublicKey publicKey, X509Certificate certificate,
        SignatureAlgorithm algorithm) {
      super(publicKey, certificate, algorithm);
      this.key = key;
    }

    @Override
    public byte[] sign(byte[] message) {
      Objects.requireNonNull(message, "message");
      Sm3Engine d = key.newDigest();
      d.update(message, 0, message.length);
      return finish(d);
    }

    @Override
    public byte[] sign(InputStream message) throws IOException {
      Sm3Engine d = key.newDigest();
      pump(message, d::update);
      return finish(d);
    }

    private byte[] finish(Sm3Engine d) {
      byte[] e = new byte[Sm3.DIGEST_LENGTH];
      d.doFinal(e, 0);
      BigInteger[] rs = key.sign(e, RANDOM);
      return SignatureCodec.encodeDer(rs[0], rs[1]);
    }

    /** The digest is e itself (GB/T 32918.2-2016 §6.1 A3 onwards; SKF_ECCSignData). */
    @Override
    public byte[] signDigest(byte[] digest) {
      requireDigestLength(digest);
      BigInteger[] rs = key.sign(digest, RANDOM);
      return SignatureCodec.encodeDer(rs[0], rs[1]);
    }
  }

  /** ECDSA with RFC 6979 nonces; the DER comes from {@link SignatureCodec}. */
  private static final class EcdsaSigner extends SoftSigner {
    private final ECPrivateKeyParameters key;

    EcdsaSigner(ECPrivateKeyParameters key, PublicKey publicKey, X509Certificate certificate,
        SignatureAlgorithm algorithm) {
      super(publicKey, certificate, algorithm);
      this.key = key;
    }

    @Override
    public byte[] sign(byte[] message) {
      Objects.requireNonNull(message, "message");
      Digest d = DigestEngines.create(algorithm.digest());
      d.update(message, 0, message.length);
      return finish(d);
    }

    @Override
    public byte[] sign(InputStream message) throws IOException {
      Digest d = DigestEngines.create(algorithm.digest());
      pump(message, d::update);
      return finish(d);
    }

    private byte[] finish(Digest d) {
      byte[] hash = new byte[d.getDigestSize()];
      d.doFinal(hash, 0);
      ECDSASigner ecdsa = new ECDSASigner(
          new HMacDSAKCalculator(DigestEngines.create(algorithm.digest())));
      ecdsa.init(true, key);
      BigInteger[] rs = ecdsa.generateSignature(hash);
      return SignatureCodec.encodeDer(rs[0], rs[1]);
    }

    /** ECDSA over the caller's hash (FIPS 186-4 §6.4), with the nonces {@code sign} uses. */
    @Override
    public byte[] signDigest(byte[] digest) {
      requireDigestLength(digest);
      ECDSASigner ecdsa = new ECDSASigner(
          new HMacDSAKCalculator(DigestEngines.create(algorithm.digest())));
      ecdsa.init(true, key);
      BigInteger[] rs = ecdsa.generateSignature(digest);
      return SignatureCodec.encodeDer(rs[0], rs[1]);
    }
  }

  /** RSA PKCS#1 v1.5 or PSS (MGF1 with the same digest, salt the digest's length). */
  private static final class RsaSigner extends SoftSigner {
    private final RSAKeyParameters key;

    RsaSigner(RSAKeyParameters key, PublicKey publicKey, X509Certificate certificate,
        SignatureAlgorithm algorithm) {
      super(publicKey, certificate, algorithm);
      this.key = key;
    }

    @Override
    public byte[] sign(byte[] message) throws UKeyException {
      Objects.requireNonNull(message, "message");
      org.bouncycastle.crypto.Signer s = start();
      s.update(message, 0, message.length);
      return finish(s);
    }

    @Override
    public byte[] sign(InputStream message) throws IOException, UKeyException {
      org.bouncycastle.crypto.Signer s = start();
      pump(message, s::update);
      return finish(s);
    }

    private org.bouncycastle.crypto.Signer start() {
      org.bouncycastle.crypto.Signer s = algorithm.isPss()
          ? new PSSSigner(new RSABlindedEngine(), DigestEngines.create(algorithm.digest()),
              DigestEngines.create(algorithm.digest()), algorithm.pssSaltLength())
          : new RSADigestSigner(DigestEngines.create(algorithm.digest()));
      s.init(true, new ParametersWithRandom(key, RANDOM));
      return s;
    }

    private byte[] finish(org.bouncycastle.crypto.Signer s) throws UKeyException {
      try {
        return s.generateSignature();
      } catch (CryptoException | RuntimeException e) {
        throw new UKeyException("signing with " + algorithm + " failed", e);
      }
    }

    /**
     * PSS: BouncyCastle's raw PSS signer takes mHash (RFC 8017 §9.1.1 step 2) with the
     * parameters of {@link #start()}. PKCS#1 v1.5: the DER {@code DigestInfo} of the hash
     * (RFC 8017 §9.2 step 2, parameters NULL as {@link RSADigestSigner} writes them) padded
     * and signed by the same blinded engine.
     */
    @Override
    public byte[] signDigest(byte[] digest) throws UKeyException {
      requireDigestLength(digest);
      if (algorithm.isPss()) {
        PSSSigner pss = PSSSigner.createRawSigner(new RSABlindedEngine(),
            DigestEngines.create(algorithm.digest()), DigestEngines.create(algorithm.digest()),
            algorithm.pssSaltLength(), PSSSigner.TRAILER_IMPLICIT);
        pss.init(true, new ParametersWithRandom(key, RANDOM));
        pss.update(digest, 0, digest.length);
        return finish(pss);
      }
      try {
        byte[] info = new DigestInfo(new AlgorithmIdentifier(
            new ASN1ObjectIdentifier(algorithm.digest().oid()), DERNull.INSTANCE), digest)
            .getEncoded(ASN1Encoding.DER);
        PKCS1Encoding rsa = new PKCS1Encoding(new RSABlindedEngine());
        rsa.init(true, new ParametersWithRandom(key, RANDOM));
        return rsa.processBlock(info, 0, info.length);
      } catch (IOException | CryptoException | RuntimeException e) {
        throw new UKeyException("signing a digest with " + algorithm + " failed", e);
      }
    }
  }
}
