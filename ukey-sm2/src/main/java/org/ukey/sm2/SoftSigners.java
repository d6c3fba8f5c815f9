package org.ukey.sm2;

import java.io.IOException;
import java.io.InputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;

/**
 * Signers over private keys held in memory.
 *
 * <p>SM2 signs e = SM3(Z‖M) with the algorithm's user ID (GM/T 0009-2012 §8) and returns DER;
 * ECDSA uses deterministic nonces (RFC 6979) and returns DER; RSA uses PKCS#1 v1.5 or PSS.
 *
 * <p><b>Thread-safety:</b> the signers returned are thread-safe.
 *
 * <p><b>Security:</b> the signer keeps the private key in memory for its lifetime.
 */
public final class SoftSigners {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BUFFER = 64 * 1024;

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
    return new LightweightSigner(key, publicKey, certificate, algorithm);
  }

  static Digest newDigest(DigestAlgorithm d) {
    switch (d) {
      case SHA256:
        return new SHA256Digest();
      case SHA384:
        return new SHA384Digest();
      case SHA512:
        return new SHA512Digest();
      default:
        return new org.bouncycastle.crypto.digests.SM3Digest();
    }
  }

  /** One BouncyCastle signer per call: simple and thread-safe. */
  private static final class LightweightSigner implements Signer {
    private final AsymmetricKeyParameter key;
    private final PublicKey publicKey;
    private final X509Certificate certificate;
    private final SignatureAlgorithm algorithm;

    LightweightSigner(AsymmetricKeyParameter key, PublicKey publicKey,
        X509Certificate certificate, SignatureAlgorithm algorithm) {
      this.key = key;
      this.publicKey = publicKey;
      this.certificate = certificate;
      this.algorithm = algorithm;
    }

    @Override
    public SignatureAlgorithm algorithm() {
      return algorithm;
    }

    @Override
    public PublicKey publicKey() {
      return publicKey;
    }

    @Override
    public Optional<X509Certificate> certificate() {
      return Optional.ofNullable(certificate);
    }

    @Override
    public byte[] sign(byte[] message) throws UKeyException {
      org.bouncycastle.crypto.Signer s = newSigner();
      s.update(message, 0, message.length);
      return finish(s);
    }

    @Override
    public byte[] sign(InputStream message) throws IOException, UKeyException {
      org.bouncycastle.crypto.Signer s = newSigner();
      byte[] buf = new byte[BUFFER];
      for (int n; (n = message.read(buf)) > 0; ) {
        s.update(buf, 0, n);
      }
      return finish(s);
    }

    private byte[] finish(org.bouncycastle.crypto.Signer s) throws UKeyException {
      try {
        return s.generateSignature();
      } catch (CryptoException | RuntimeException e) {
        throw new UKeyException("signing with " + algorithm + " failed", e);
      }
    }

    private org.bouncycastle.crypto.Signer newSigner() {
      switch (algorithm.keyType()) {
        case SM2: {
          SM2Signer s = new SM2Signer();
          s.init(true, new ParametersWithID(new ParametersWithRandom(key, RANDOM),
              algorithm.sm2UserId().orElseThrow()));
          return s;
        }
        case EC: {
          org.bouncycastle.crypto.signers.DSADigestSigner s =
              new org.bouncycastle.crypto.signers.DSADigestSigner(
                  new ECDSASigner(new HMacDSAKCalculator(newDigest(algorithm.digest()))),
                  newDigest(algorithm.digest()));
          s.init(true, (ECPrivateKeyParameters) key);
          return s;
        }
        default: {
          org.bouncycastle.crypto.Signer s = algorithm.isPss()
              ? new PSSSigner(new RSABlindedEngine(), newDigest(algorithm.digest()),
                  algorithm.pssSaltLength())
              : new RSADigestSigner(newDigest(algorithm.digest()));
          s.init(true, new ParametersWithRandom(key, RANDOM));
          return s;
        }
      }
    }

    @Override
    public String toString() {
      return "SoftSigner[" + algorithm + "]";
    }
  }
}
