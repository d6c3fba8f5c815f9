package org.ukey.sm2;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.UnsupportedAlgorithmException;

/**
 * Keys in software: generate them, read them from standard encodings, derive a public key from
 * a private one, and tell what a key is.
 *
 * <p>Keys are handed out as JCA objects ({@link PrivateKey}, {@link PublicKey}) so they fit the
 * rest of the Java world; SM2 keys are {@link java.security.interfaces.ECPublicKey}s on
 * sm2p256v1 whose encodings carry the curve OID 1.2.156.10197.1.301. Internally every SM2 key is
 * moved to BouncyCastle's optimized curve.
 *
 * <p><b>Thread-safety:</b> stateless and thread-safe.
 *
 * <p><b>Security:</b> private keys returned here are ordinary JCA objects; callers that keep them
 * (the soft token) are responsible for encrypting them at rest.
 */
public final class SoftKeys {
  static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();

  private SoftKeys() {}

  /**
   * Generates a key pair.
   *
   * @param spec what to generate
   * @return the key pair
   * @throws UnsupportedAlgorithmException if the RSA size is under 2048 bits
   */
  public static KeyPair generate(KeySpec spec) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(spec, "spec");
    AsymmetricCipherKeyPair kp;
    switch (spec.type()) {
      case RSA:
        if (spec.bits() < 2048) {
          throw new UnsupportedAlgorithmException(
              "RSA keys under 2048 bits are not generated (was " + spec.bits() + ")");
        }
        RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
        rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), RANDOM, spec.bits(),
            112));
        kp = rsa.generateKeyPair();
        break;
      case SM2:
      case EC:
        ECKeyPairGenerator ec = new ECKeyPairGenerator();
        ec.init(new ECKeyGenerationParameters(domain(spec), RANDOM));
        kp = ec.generateKeyPair();
        break;
      default:
        throw new UnsupportedAlgorithmException("cannot generate " + spec);
    }
    return new KeyPair(toPublicKey(kp.getPublic()), toPrivateKey(kp.getPrivate()));
  }

  /**
   * What a public key is.
   *
   * @param key the key
   * @return its spec
   * @throws UnsupportedAlgorithmException if it is not RSA, SM2, P-256 or P-384
   */
  public static KeySpec specOf(PublicKey key) throws UnsupportedAlgorithmException {
    return specOf(toParams(key));
  }

  /**
   * What a private key is.
   *
   * @param key the key
   * @return its spec
   * @throws UnsupportedAlgorithmException if it is not RSA, SM2, P-256 or P-384
   */
  public static KeySpec specOf(PrivateKey key) throws UnsupportedAlgorithmException {
    return specOf(toParams(key));
  }

  /**
   * The public key of a private key (RSA keys must carry the CRT form with the public exponent).
   *
   * @param key the private key
   * @return the public key
   * @throws UnsupportedAlgorithmException if the public key cannot be derived
   */
  public static PublicKey publicKeyOf(PrivateKey key) throws UnsupportedAlgorithmException {
    AsymmetricKeyParameter p = toParams(key);
    if (p instanceof ECPrivateKeyParameters) {
      ECPrivateKeyParameters ec = (ECPrivateKeyParameters) p;
      ECPoint q = new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD());
      return toPublicKey(new ECPublicKeyParameters(q.normalize(), ec.getParameters()));
    }
    if (key instanceof RSAPrivateCrtKey) {
      RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
      try {
        return KeyFactory.getInstance("RSA", BC)
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      } catch (GeneralSecurityException e) {
        throw new UnsupportedAlgorithmException("cannot derive RSA public key", e);
      }
    }
    throw new UnsupportedAlgorithmException("cannot derive the public key of a "
        + key.getAlgorithm() + " key");
  }

  /**
   * Reads a public key from its X.509 {@code SubjectPublicKeyInfo} DER. SM2 keys are accepted
   * with {@code id-ecPublicKey} + curve 1.2.156.10197.1.301 or with 1.2.156.10197.1.301 as the
   * algorithm itself (OpenSSL 3, GM/T 0015-2023).
   *
   * @param spki the DER
   * @return the key
   * @throws InvalidEncodingException if the DER is malformed or the key type unknown
   */
  public static PublicKey publicKey(byte[] spki) throws InvalidEncodingException {
    try {
      return toPublicKey(PublicKeyFactory.createKey(normalizeSpki(spki)));
    } catch (IOException | RuntimeException | UnsupportedAlgorithmException e) {
      throw new InvalidEncodingException("SubjectPublicKeyInfo", -1,
          "not a readable public key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a private key from its unencrypted PKCS#8 {@code PrivateKeyInfo} DER.
   *
   * @param pkcs8 the DER
   * @return the key
   * @throws InvalidEncodingException if the DER is malformed or the key type unknown
   */
  public static PrivateKey privateKey(byte[] pkcs8) throws InvalidEncodingException {
    try {
      return toPrivateKey(PrivateKeyFactory.createKey(pkcs8));
    } catch (IOException | RuntimeException | UnsupportedAlgorithmException e) {
      throw new InvalidEncodingException("PrivateKeyInfo", -1,
          "not a readable private key: " + e.getMessage(), e);
    }
  }

  // ---- conversions between JCA and BouncyCastle lightweight parameters (module-internal) ----

  static ECNamedDomainParameters domain(KeySpec spec) {
    switch (spec.type()) {
      case SM2:
        return Sm2.DOMAIN;
      case EC:
        ASN1ObjectIdentifier oid = spec.bits() == 384 ? SECObjectIdentifiers.secp384r1
            : SECObjectIdentifiers.secp256r1;
        return new ECNamedDomainParameters(oid, CustomNamedCurves.getByOID(oid));
      default:
        throw new IllegalArgumentException("no EC domain for " + spec);
    }
  }

  static KeySpec specOf(AsymmetricKeyParameter p) throws UnsupportedAlgorithmException {
    if (p instanceof RSAKeyParameters) {
      return KeySpec.rsa(((RSAKeyParameters) p).getModulus().bitLength());
    }
    if (p instanceof ECPublicKeyParameters || p instanceof ECPrivateKeyParameters) {
      org.bouncycastle.crypto.params.ECDomainParameters d = p instanceof ECPublicKeyParameters
          ? ((ECPublicKeyParameters) p).getParameters()
          : ((ECPrivateKeyParameters) p).getParameters();
      if (d instanceof ECNamedDomainParameters) {
        ASN1ObjectIdentifier oid = ((ECNamedDomainParameters) d).getName();
        if (GMObjectIdentifiers.sm2p256v1.equals(oid)) {
          return KeySpec.sm2();
        }
        if (SECObjectIdentifiers.secp256r1.equals(oid)) {
          return KeySpec.ecP256();
        }
        if (SECObjectIdentifiers.secp384r1.equals(oid)) {
          return KeySpec.ecP384();
        }
      }
      throw new UnsupportedAlgorithmException("EC key on an unsupported curve");
    }
    throw new UnsupportedAlgorithmException("unsupported key type " + p.getClass().getName());
  }

  /** The lightweight form of a JCA public key; SM2 and NIST keys move to optimized curves. */
  static AsymmetricKeyParameter toParams(PublicKey key) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(key, "key");
    try {
      return optimize(PublicKeyFactory.createKey(normalizeSpki(key.getEncoded())));
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedAlgorithmException("unsupported public key " + key.getAlgorithm(), e);
    }
  }

  /** The lightweight form of a JCA private key; SM2 and NIST keys move to optimized curves. */
  static AsymmetricKeyParameter toParams(PrivateKey key) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(key, "key");
    try {
      return optimize(PrivateKeyFactory.createKey(key.getEncoded()));
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedAlgorithmException("unsupported private key " + key.getAlgorithm(), e);
    }
  }

  static PublicKey toPublicKey(AsymmetricKeyParameter p) throws UnsupportedAlgorithmException {
    try {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(p);
      String alg = p instanceof RSAKeyParameters ? "RSA" : "EC";
      return KeyFactory.getInstance(alg, BC)
          .generatePublic(new X509EncodedKeySpec(info.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new UnsupportedAlgorithmException("cannot encode public key", e);
    }
  }

  static PrivateKey toPrivateKey(AsymmetricKeyParameter p) throws UnsupportedAlgorithmException {
    try {
      byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(p).getEncoded();
      String alg = p instanceof RSAPrivateCrtKeyParameters ? "RSA" : "EC";
      return KeyFactory.getInstance(alg, BC).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IOException | GeneralSecurityException e) {
      throw new UnsupportedAlgorithmException("cannot encode private key", e);
    }
  }

  private static AsymmetricKeyParameter optimize(AsymmetricKeyParameter p)
      throws UnsupportedAlgorithmException {
    if (p instanceof ECPublicKeyParameters) {
      ECPublicKeyParameters ec = (ECPublicKeyParameters) p;
      ECNamedDomainParameters d = namedDomain(ec.getParameters());
      ECPoint q = d.getCurve().decodePoint(ec.getQ().getEncoded(false));
      return new ECPublicKeyParameters(q, d);
    }
    if (p instanceof ECPrivateKeyParameters) {
      ECPrivateKeyParameters ec = (ECPrivateKeyParameters) p;
      return new ECPrivateKeyParameters(ec.getD(), namedDomain(ec.getParameters()));
    }
    return p;
  }

  private static ECNamedDomainParameters namedDomain(
      org.bouncycastle.crypto.params.ECDomainParameters d) throws UnsupportedAlgorithmException {
    ASN1ObjectIdentifier[] known = {GMObjectIdentifiers.sm2p256v1, SECObjectIdentifiers.secp256r1,
        SECObjectIdentifiers.secp384r1};
    for (ASN1ObjectIdentifier oid : known) {
      X9ECParameters x9 = CustomNamedCurves.getByOID(oid);
      if (x9.getCurve().equals(d.getCurve()) && x9.getG().equals(d.getG())
          && x9.getN().equals(d.getN())) {
        return oid.equals(GMObjectIdentifiers.sm2p256v1) ? Sm2.DOMAIN
            : new ECNamedDomainParameters(oid, x9);
      }
    }
    throw new UnsupportedAlgorithmException("EC key on an unsupported curve");
  }

  /** Rewrites an SPKI whose algorithm is the SM2 OID itself into id-ecPublicKey + curve. */
  private static byte[] normalizeSpki(byte[] spki) throws IOException {
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
    if (GMObjectIdentifiers.sm2p256v1.equals(info.getAlgorithm().getAlgorithm())) {
      return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
          GMObjectIdentifiers.sm2p256v1), info.getPublicKeyData().getBytes()).getEncoded();
    }
    return spki;
  }

  /** Whether a JCA key is an SM2 key (EC on sm2p256v1). */
  static boolean isSm2(ECKey key) {
    ECParameterSpec p = key.getParams();
    return p != null && p.getOrder().equals(Sm2.DOMAIN.getN())
        && p.getCurve().getField().getFieldSize() == 256
        && p.getGenerator().getAffineX().equals(Sm2.DOMAIN.getG().getAffineXCoord().toBigInteger());
  }

  static boolean isRsa(PublicKey key) {
    return key instanceof RSAPublicKey;
  }

  static KeyType typeOf(PublicKey key) throws UnsupportedAlgorithmException {
    return specOf(key).type();
  }
}
