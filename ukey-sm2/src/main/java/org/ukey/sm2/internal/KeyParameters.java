package org.ukey.sm2.internal;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.ukey.api.UnsupportedAlgorithmException;

/**
 * JCA keys to BouncyCastle lightweight parameters. SM2 keys land on BouncyCastle's optimized
 * sm2p256v1 curve whatever form they came in (named curve, explicit parameters, or the SM2 OID
 * as the SPKI algorithm).
 *
 * <p><b>Thread-safety:</b> stateless.
 */
public final class KeyParameters {
  /** sm2p256v1 on BouncyCastle's optimized curve (GB/T 32918.5). */
  public static final ECNamedDomainParameters SM2 = new ECNamedDomainParameters(
      GMObjectIdentifiers.sm2p256v1, CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1));

  private KeyParameters() {}

  /**
   * The lightweight form of a public key.
   *
   * @param key the key
   * @return RSA or EC parameters; SM2 on {@link #SM2}
   * @throws UnsupportedAlgorithmException if the key cannot be read
   */
  public static AsymmetricKeyParameter of(PublicKey key) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(key, "key");
    try {
      return onSm2Curve(PublicKeyFactory.createKey(normalizedSpki(key.getEncoded())));
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedAlgorithmException("unsupported public key " + key.getAlgorithm(), e);
    }
  }

  /**
   * The lightweight form of a private key.
   *
   * @param key the key (PKCS#8-encodable)
   * @return RSA or EC parameters; SM2 on {@link #SM2}
   * @throws UnsupportedAlgorithmException if the key cannot be read
   */
  public static AsymmetricKeyParameter of(PrivateKey key) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(key, "key");
    byte[] der = key.getEncoded();
    if (der == null) {
      throw new UnsupportedAlgorithmException("the private key has no PKCS#8 encoding"
          + " (a token key is used through its Session, not here)");
    }
    try {
      return onSm2Curve(PrivateKeyFactory.createKey(der));
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedAlgorithmException("unsupported private key " + key.getAlgorithm(), e);
    } finally {
      java.util.Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * Whether EC parameters are sm2p256v1.
   *
   * @param d the domain
   * @return true for SM2's curve
   */
  public static boolean isSm2(ECDomainParameters d) {
    X9ECParameters x9 = CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
    return x9.getCurve().equals(d.getCurve()) && x9.getG().equals(d.getG())
        && x9.getN().equals(d.getN());
  }

  /**
   * Rewrites an SPKI whose algorithm is the SM2 OID itself (OpenSSL 3, GM/T 0015-2023) into
   * {@code id-ecPublicKey} with the curve 1.2.156.10197.1.301, the form BouncyCastle reads.
   *
   * @param spki the DER
   * @return the DER, rewritten when needed
   * @throws IOException if it is not an SPKI
   */
  public static byte[] normalizedSpki(byte[] spki) throws IOException {
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
    if (GMObjectIdentifiers.sm2p256v1.equals(info.getAlgorithm().getAlgorithm())) {
      return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
          GMObjectIdentifiers.sm2p256v1), info.getPublicKeyData().getBytes()).getEncoded();
    }
    return spki;
  }

  private static AsymmetricKeyParameter onSm2Curve(AsymmetricKeyParameter p) {
    if (p instanceof ECPublicKeyParameters) {
      ECPublicKeyParameters ec = (ECPublicKeyParameters) p;
      if (isSm2(ec.getParameters())) {
        return new ECPublicKeyParameters(
            SM2.getCurve().decodePoint(ec.getQ().getEncoded(false)), SM2);
      }
    } else if (p instanceof ECPrivateKeyParameters) {
      ECPrivateKeyParameters ec = (ECPrivateKeyParameters) p;
      if (isSm2(ec.getParameters())) {
        return new ECPrivateKeyParameters(ec.getD(), SM2);
      }
    }
    return p;
  }
}
