package org.ukey.sm2.pki;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.sm2.internal.SignerContentSigner;

/**
 * Builds X.509 v3 certificates signed by any {@link Signer}, so a key on a UKey can certify
 * itself (a self-signed certificate for tests and demos) or a CA key on a token can issue.
 *
 * <p>SM2 certificates carry {@code id-ecPublicKey} with the curve 1.2.156.10197.1.301 and are
 * signed SM3withSM2 (1.2.156.10197.1.501) with the signer's user ID (the default
 * {@code 1234567812345678} unless the signer says otherwise; GM/T 0015 certificates use the
 * default).
 *
 * <p><b>Thread-safety:</b> a builder is not thread-safe; build one per certificate.
 */
public final class CertificateBuilder {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private final X500Name subject;
  private final PublicKey publicKey;
  private X500Name issuer;
  private X509Certificate issuerCertificate;
  private BigInteger serial;
  private Instant notBefore;
  private Instant notAfter;
  private boolean ca;
  private int keyUsage = KeyUsage.digitalSignature | KeyUsage.nonRepudiation;

  private CertificateBuilder(X500Name subject, PublicKey publicKey) {
    this.subject = subject;
    this.publicKey = publicKey;
    this.issuer = subject;
  }

  /**
   * Starts a certificate for a subject and its public key. Without
   * {@link #issuer(X509Certificate)} it is self-signed.
   *
   * @param subjectDn the subject in RFC 4514 form, such as {@code "CN=Zhang San,O=Finance,C=CN"},
   *     which is encoded C, O, CN (see {@link DistinguishedNames})
   * @param publicKey the subject's public key
   * @return the builder
   * @throws IllegalArgumentException if the DN does not parse, saying why
   */
  public static CertificateBuilder forSubject(String subjectDn, PublicKey publicKey) {
    Objects.requireNonNull(subjectDn, "subjectDn");
    Objects.requireNonNull(publicKey, "publicKey");
    return new CertificateBuilder(DistinguishedNames.toX500Name(subjectDn), publicKey);
  }

  /**
   * Sets the issuing CA; the certificate is then signed by that CA's key.
   *
   * @param issuerCert the CA certificate
   * @return this
   */
  public CertificateBuilder issuer(X509Certificate issuerCert) {
    this.issuerCertificate = Objects.requireNonNull(issuerCert, "issuerCert");
    this.issuer = X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded());
    return this;
  }

  /**
   * Sets the serial number (default: 128 random bits, positive).
   *
   * @param serialNumber the serial, positive
   * @return this
   */
  public CertificateBuilder serialNumber(BigInteger serialNumber) {
    if (serialNumber.signum() <= 0) {
      throw new IllegalArgumentException("serial number must be positive");
    }
    this.serial = serialNumber;
    return this;
  }

  /**
   * Sets the validity period (required).
   *
   * @param from the first instant of validity
   * @param to the last instant of validity, after {@code from}
   * @return this
   */
  public CertificateBuilder validity(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("validity must end after it starts");
    }
    this.notBefore = from;
    this.notAfter = to;
    return this;
  }

  /**
   * Makes this a CA certificate (basicConstraints cA=true, keyCertSign and cRLSign).
   *
   * @return this
   */
  public CertificateBuilder certificateAuthority() {
    this.ca = true;
    this.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
    return this;
  }

  /**
   * Sets the key usage bits (BouncyCastle {@code KeyUsage} constants, OR-ed).
   *
   * @param bits the bits
   * @return this
   */
  public CertificateBuilder keyUsage(int bits) {
    this.keyUsage = bits;
    return this;
  }

  /**
   * Signs the certificate.
   *
   * @param signer the issuer's signer (the subject's own for a self-signed certificate)
   * @return the certificate
   * @throws UKeyException if signing fails
   */
  public X509Certificate sign(Signer signer) throws UKeyException {
    Objects.requireNonNull(signer, "signer");
    if (notBefore == null) {
      throw new IllegalStateException("validity not set");
    }
    try {
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
      BigInteger sn = serial != null ? serial : new BigInteger(128, RANDOM).setBit(127);
      X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, sn,
          Date.from(notBefore), Date.from(notAfter), subject, spki);
      BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      b.addExtension(Extension.subjectKeyIdentifier, false,
          ext.createSubjectKeyIdentifier(spki));
      SubjectPublicKeyInfo issuerSpki = issuerCertificate == null
          ? SubjectPublicKeyInfo.getInstance(signer.publicKey().getEncoded())
          : SubjectPublicKeyInfo.getInstance(issuerCertificate.getPublicKey().getEncoded());
      b.addExtension(Extension.authorityKeyIdentifier, false,
          ext.createAuthorityKeyIdentifier(issuerSpki));
      X509CertificateHolder holder = b.build(new SignerContentSigner(signer));
      return toCertificate(holder.getEncoded());
    } catch (CertIOException e) {
      throw new UKeyException("cannot encode certificate extensions", e);
    } catch (RuntimeException e) {
      throw SignerContentSigner.unwrap(e);
    } catch (java.io.IOException e) {
      throw new UKeyException("cannot encode certificate", e);
    }
  }

  static X509Certificate toCertificate(byte[] der) throws UKeyException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509", BC)
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new UKeyException("cannot read the certificate just built", e);
    }
  }
}
