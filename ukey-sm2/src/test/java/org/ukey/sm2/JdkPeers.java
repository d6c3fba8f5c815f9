package org.ukey.sm2;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.SignatureAlgorithm;

/**
 * The JDK's own providers (SunRsaSign, SunEC), an implementation independent of BouncyCastle,
 * as the peer for RSA and ECDSA interoperability tests. Keys are generated once per JVM.
 */
final class JdkPeers {
  static final KeyPair RSA = generate("RSA", null);
  static final KeyPair P256 = generate("EC", "secp256r1");
  static final KeyPair P384 = generate("EC", "secp384r1");

  private JdkPeers() {}

  private static KeyPair generate(String algorithm, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm,
          algorithm.equals("RSA") ? "SunRsaSign" : "SunEC");
      if (curve == null) {
        g.initialize(2048);
      } else {
        g.initialize(new ECGenParameterSpec(curve));
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError("the JDK cannot generate " + algorithm, e);
    }
  }

  /** The JDK's Signature for an SDK algorithm, from SunRsaSign or SunEC by name. */
  static Signature signature(SignatureAlgorithm alg) throws GeneralSecurityException {
    String digest = alg.digest() == DigestAlgorithm.SHA256 ? "SHA256" : "SHA384";
    switch (alg.keyType()) {
      case EC:
        return Signature.getInstance(digest + "withECDSA", "SunEC");
      case RSA:
        if (alg.isPss()) {
          Signature s = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
          String name = alg.digest().jcaName();
          s.setParameter(new PSSParameterSpec(name, "MGF1", new MGF1ParameterSpec(name),
              alg.pssSaltLength(), PSSParameterSpec.TRAILER_FIELD_BC));
          return s;
        }
        return Signature.getInstance(digest + "withRSA", "SunRsaSign");
      default:
        throw new IllegalArgumentException("the JDK has no " + alg);
    }
  }

  static boolean verify(SignatureAlgorithm alg, PublicKey key, byte[] message, byte[] sig)
      throws GeneralSecurityException {
    Signature s = signature(alg);
    s.initVerify(key);
    s.update(message);
    return s.verify(sig);
  }

  static byte[] sign(SignatureAlgorithm alg, PrivateKey key, byte[] message)
      throws GeneralSecurityException {
    Signature s = signature(alg);
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  static KeyPair keyFor(SignatureAlgorithm alg) {
    switch (alg.keyType()) {
      case RSA:
        return RSA;
      case EC:
        return alg.digest() == DigestAlgorithm.SHA384 ? P384 : P256;
      default:
        throw new IllegalArgumentException("no JDK key for " + alg);
    }
  }
}
