package org.ukey.sm2.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate whose subject key BouncyCastle's certificate factory does not read (an SM2 key
 * with 1.2.156.10197.1.301 as the SPKI algorithm): everything is the parsed certificate's except
 * {@link #getPublicKey()}, which returns the key the SDK read, and {@link #verify(PublicKey)},
 * which verifies with the SDK (SM2 default user ID).
 *
 * <p><b>Thread-safety:</b> immutable.
 */
final class SpkiNormalizedCertificate extends X509Certificate {
  private static final long serialVersionUID = 1L;

  private final X509Certificate parsed;
  private final PublicKey publicKey;

  SpkiNormalizedCertificate(X509Certificate parsed, PublicKey publicKey) {
    this.parsed = parsed;
    this.publicKey = publicKey;
  }

  @Override
  public PublicKey getPublicKey() {
    return publicKey;
  }

  @Override
  public void verify(PublicKey key) throws SignatureException {
    try {
      Certificates.verifySignature(this, key);
    } catch (GeneralSecurityException e) {
      throw new SignatureException(e.getMessage(), e);
    }
  }

  @Override
  public void verify(PublicKey key, String sigProvider) throws SignatureException {
    verify(key);
  }

  @Override
  public void checkValidity() throws CertificateExpiredException,
      CertificateNotYetValidException {
    parsed.checkValidity();
  }

  @Override
  public void checkValidity(Date date) throws CertificateExpiredException,
      CertificateNotYetValidException {
    parsed.checkValidity(date);
  }

  @Override
  public int getVersion() {
    return parsed.getVersion();
  }

  @Override
  public BigInteger getSerialNumber() {
    return parsed.getSerialNumber();
  }

  @Override
  @SuppressWarnings("deprecation")
  public Principal getIssuerDN() {
    return parsed.getIssuerDN();
  }

  @Override
  @SuppressWarnings("deprecation")
  public Principal getSubjectDN() {
    return parsed.getSubjectDN();
  }

  @Override
  public X500Principal getIssuerX500Principal() {
    return parsed.getIssuerX500Principal();
  }

  @Override
  public X500Principal getSubjectX500Principal() {
    return parsed.getSubjectX500Principal();
  }

  @Override
  public Date getNotBefore() {
    return parsed.getNotBefore();
  }

  @Override
  public Date getNotAfter() {
    return parsed.getNotAfter();
  }

  @Override
  public byte[] getTBSCertificate() throws CertificateEncodingException {
    return parsed.getTBSCertificate();
  }

  @Override
  public byte[] getSignature() {
    return parsed.getSignature();
  }

  @Override
  public String getSigAlgName() {
    return parsed.getSigAlgName();
  }

  @Override
  public String getSigAlgOID() {
    return parsed.getSigAlgOID();
  }

  @Override
  public byte[] getSigAlgParams() {
    return parsed.getSigAlgParams();
  }

  @Override
  public boolean[] getIssuerUniqueID() {
    return parsed.getIssuerUniqueID();
  }

  @Override
  public boolean[] getSubjectUniqueID() {
    return parsed.getSubjectUniqueID();
  }

  @Override
  public boolean[] getKeyUsage() {
    return parsed.getKeyUsage();
  }

  @Override
  public List<String> getExtendedKeyUsage() throws CertificateParsingException {
    return parsed.getExtendedKeyUsage();
  }

  @Override
  public int getBasicConstraints() {
    return parsed.getBasicConstraints();
  }

  @Override
  public Collection<List<?>> getSubjectAlternativeNames() throws CertificateParsingException {
    return parsed.getSubjectAlternativeNames();
  }

  @Override
  public Collection<List<?>> getIssuerAlternativeNames() throws CertificateParsingException {
    return parsed.getIssuerAlternativeNames();
  }

  @Override
  public byte[] getEncoded() throws CertificateEncodingException {
    return parsed.getEncoded();
  }

  @Override
  public boolean hasUnsupportedCriticalExtension() {
    return parsed.hasUnsupportedCriticalExtension();
  }

  @Override
  public Set<String> getCriticalExtensionOIDs() {
    return parsed.getCriticalExtensionOIDs();
  }

  @Override
  public Set<String> getNonCriticalExtensionOIDs() {
    return parsed.getNonCriticalExtensionOIDs();
  }

  @Override
  public byte[] getExtensionValue(String oid) {
    return parsed.getExtensionValue(oid);
  }

  @Override
  public String toString() {
    return parsed.toString();
  }
}
