package org.ukey.sm2;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.api.Verifier;

/**
 * Verifiers over public keys. SM2 and ECDSA signatures must be strict DER (checked by
 * {@link SignatureCodec} before any arithmetic).
 *
 * <p><b>Thread-safety:</b> the verifiers returned are thread-safe.
 */
public final class SoftVerifiers {
  private static final int BUFFER = 64 * 1024;

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
    return new LightweightVerifier(key, algorithm);
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

  private static final class LightweightVerifier implements Verifier {
    private final AsymmetricKeyParameter key;
    private final SignatureAlgorithm algorithm;

    LightweightVerifier(AsymmetricKeyParameter key, SignatureAlgorithm algorithm) {
      this.key = key;
      this.algorithm = algorithm;
    }

    @Override
    public SignatureAlgorithm algorithm() {
      return algorithm;
    }

    @Override
    public void verify(byte[] message, byte[] signature) throws SignatureVerificationException {
      org.bouncycastle.crypto.Signer s = newVerifier(signature);
      s.update(message, 0, message.length);
      finish(s, signature);
    }

    @Override
    public void verify(InputStream message, byte[] signature)
        throws IOException, SignatureVerificationException {
      org.bouncycastle.crypto.Signer s = newVerifier(signature);
      byte[] buf = new byte[BUFFER];
      for (int n; (n = message.read(buf)) > 0; ) {
        s.update(buf, 0, n);
      }
      finish(s, signature);
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
        throw new SignatureVerificationException(algorithm + " signature does not verify");
      }
    }

    private org.bouncycastle.crypto.Signer newVerifier(byte[] signature)
        throws SignatureVerificationException {
      Objects.requireNonNull(signature, "signature");
      if (algorithm.keyType() != KeyType.RSA) {
        BigInteger n = ((ECPublicKeyParameters) key).getParameters().getN();
        try {
          SignatureCodec.decodeDer(signature, n);
        } catch (InvalidEncodingException e) {
          throw new SignatureVerificationException(algorithm + " signature is malformed: "
              + e.getMessage(), e);
        }
      }
      switch (algorithm.keyType()) {
        case SM2: {
          SM2Signer s = new SM2Signer();
          s.init(false, new ParametersWithID(key, algorithm.sm2UserId().orElseThrow()));
          return s;
        }
        case EC: {
          DSADigestSigner s = new DSADigestSigner(new ECDSASigner(),
              SoftSigners.newDigest(algorithm.digest()));
          s.init(false, key);
          return s;
        }
        default: {
          org.bouncycastle.crypto.Signer s = algorithm.isPss()
              ? new PSSSigner(new RSABlindedEngine(), SoftSigners.newDigest(algorithm.digest()),
                  algorithm.pssSaltLength())
              : new RSADigestSigner(SoftSigners.newDigest(algorithm.digest()));
          s.init(false, key);
          return s;
        }
      }
    }

    @Override
    public String toString() {
      return "SoftVerifier[" + algorithm + "]";
    }
  }
}
