package org.ukey.sm2.soft;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.pki.DistinguishedNames;

/**
 * Conversions the soft token needs around its stored keys: the key id, certificate parsing,
 * public-key comparison and the canonical encodings it stores.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class KeyMaterial {
  /** BouncyCastle's certificate factory knows SM2 keys; the JDK's does not. Made once. */
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private KeyMaterial() {}

  /**
   * The key id: SHA-1 of the {@code subjectPublicKey} BIT STRING's bytes, as RFC 5280
   * §4.2.1.2 method (1) computes a Subject Key Identifier and as OpenSC's pkcs11-tool and
   * most PKCS#11 middleware compute {@code CKA_ID}. A certificate made by
   * {@link org.ukey.sm2.pki.CertificateBuilder} carries the same value as its SKI.
   */
  static byte[] keyId(byte[] spki) {
    byte[] bits = SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
    SHA1Digest sha1 = new SHA1Digest();
    sha1.update(bits, 0, bits.length);
    byte[] id = new byte[sha1.getDigestSize()];
    sha1.doFinal(id, 0);
    return id;
  }

  /**
   * A public key in the canonical DER the store keeps (named curve, uncompressed point, SM2 as
   * {@code id-ecPublicKey} with curve 1.2.156.10197.1.301).
   */
  static byte[] canonicalSpki(PublicKey key) throws UnsupportedAlgorithmException {
    byte[] der = key.getEncoded();
    if (der == null) {
      throw new UnsupportedAlgorithmException("the public key has no encoding");
    }
    try {
      return SoftKeys.publicKey(der).getEncoded();
    } catch (InvalidEncodingException e) {
      throw new UnsupportedAlgorithmException("unsupported public key " + key.getAlgorithm(), e);
    }
  }

  /**
   * A private key in the canonical PKCS#8 the store keeps, with what it is.
   *
   * @throws UnsupportedAlgorithmException if its material is not available (a key held by a
   *     hardware token) or its type is not SM2, RSA, P-256 or P-384
   */
  static PrivateKey canonicalPrivateKey(PrivateKey key) throws UnsupportedAlgorithmException {
    byte[] der = key.getEncoded();
    if (der == null) {
      throw new UnsupportedAlgorithmException("the private key's material is not available (a "
          + key.getAlgorithm() + " key held by another token cannot be imported)");
    }
    try {
      SoftKeys.specOf(key);
      return SoftKeys.privateKey(der);
    } catch (InvalidEncodingException | IllegalArgumentException e) {
      throw new UnsupportedAlgorithmException("unsupported private key " + key.getAlgorithm(), e);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  static KeySpec specOf(PublicKey key, String what) throws InvalidEncodingException {
    try {
      return SoftKeys.specOf(key);
    } catch (UnsupportedAlgorithmException | IllegalArgumentException e) {
      throw new InvalidEncodingException(what, -1, "unsupported key type", e);
    }
  }

  static X509Certificate parseCertificate(byte[] der, String what)
      throws InvalidEncodingException {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509", BC);
      return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidEncodingException(what, -1, "not a readable X.509 certificate", e);
    }
  }

  static byte[] encoded(X509Certificate cert) throws UKeyException {
    try {
      return cert.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new UKeyException("cannot encode certificate "
          + DistinguishedNames.format(cert.getSubjectX500Principal()), e);
    }
  }

  /**
   * Checks that a certificate certifies the key whose canonical SPKI is given.
   *
   * @throws UKeyException if it does not, naming the certificate subject and the key label
   */
  static void requireMatch(X509Certificate cert, byte[] spki, String keyLabel)
      throws UKeyException {
    byte[] certSpki;
    try {
      certSpki = canonicalSpki(cert.getPublicKey());
    } catch (UnsupportedAlgorithmException e) {
      throw new UKeyException("the certificate of "
          + DistinguishedNames.format(cert.getSubjectX500Principal())
          + " has a public key of a type the soft token does not hold", e);
    }
    if (!Arrays.equals(certSpki, spki)) {
      throw new UKeyException("the certificate of "
          + DistinguishedNames.format(cert.getSubjectX500Principal())
          + " does not certify key " + Labels.quote(keyLabel) + ": its public key differs");
    }
  }
}
