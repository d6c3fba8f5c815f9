package org.ukey.sm2.pki;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.internal.DerReader;
import org.ukey.sm2.internal.Pem;
import org.ukey.sm2.internal.SignatureAlgorithms;

/**
 * X.509 certificates in, out and checked: PEM or DER parsed strictly, written as PEM, and the
 * issuer's signature verified, for SM2 (GM/T 0015, SM2数字证书格式) as for RSA and ECDSA.
 *
 * <p>SM2 certificates are read in every form seen in practice: the subject key as
 * {@code id-ecPublicKey} with the curve 1.2.156.10197.1.301, or with 1.2.156.10197.1.301 as the
 * algorithm itself (GM/T 0015-2023, some OpenSSL 3 builds; {@link X509Certificate#getPublicKey()}
 * still returns the key); the signature algorithm 1.2.156.10197.1.501 with parameters NULL or
 * absent. SM2 signatures are verified with the default user ID {@code 1234567812345678}, with
 * which GM/T 0015 certificates are signed.
 *
 * <p>Parsing is strict DER: truncated input, non-minimal lengths or integers, indefinite lengths
 * and trailing bytes are rejected with an {@link InvalidEncodingException} naming the offset.
 *
 * <p><b>Thread-safety:</b> stateless and thread-safe.
 */
public final class Certificates {
  static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private Certificates() {}

  /**
   * Reads one certificate, PEM or DER.
   *
   * @param pemOrDer the bytes of a {@code .pem}, {@code .crt} or {@code .cer} file
   * @return the certificate
   * @throws InvalidEncodingException if it is not exactly one well-formed certificate
   */
  public static X509Certificate parse(byte[] pemOrDer) throws InvalidEncodingException {
    List<X509Certificate> all = parseAll(pemOrDer);
    if (all.size() != 1) {
      throw new InvalidEncodingException("Certificate", -1,
          "expected one certificate, found " + all.size());
    }
    return all.get(0);
  }

  /**
   * Reads every certificate of a PEM bundle (blocks labelled {@code CERTIFICATE}; other blocks
   * are skipped), or the one certificate of a DER file.
   *
   * @param pemOrDer the bytes
   * @return the certificates in file order; empty for a PEM file without certificates
   * @throws InvalidEncodingException if a certificate is malformed
   */
  public static List<X509Certificate> parseAll(byte[] pemOrDer) throws InvalidEncodingException {
    Objects.requireNonNull(pemOrDer, "pemOrDer");
    List<X509Certificate> out = new ArrayList<>();
    if (Pem.looksLikePem(pemOrDer)) {
      for (Pem.Block b : Pem.decode(pemOrDer, "PEM certificate file")) {
        if (b.label().equals("CERTIFICATE") || b.label().equals("X509 CERTIFICATE")) {
          out.add(fromDer(b.der(), "Certificate (PEM block at offset " + b.offset() + ")"));
        }
      }
      return out;
    }
    out.add(fromDer(pemOrDer, "Certificate"));
    return out;
  }

  static X509Certificate fromDer(byte[] der, String what) throws InvalidEncodingException {
    DerReader.checkStrict(der, what);
    X509Certificate cert;
    try {
      Certificate.getInstance(der);
      cert = (X509Certificate) CertificateFactory.getInstance("X.509", BC)
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new InvalidEncodingException(what, -1, "not an X.509 certificate: " + e.getMessage(),
          e);
    }
    if (cert == null) {
      throw new InvalidEncodingException(what, -1, "not an X.509 certificate");
    }
    PublicKey parsedKey;
    try {
      parsedKey = cert.getPublicKey();
    } catch (RuntimeException e) {
      // BouncyCastle throws IllegalStateException for a key it cannot decode (a damaged point).
      throw new InvalidEncodingException(what + ".subjectPublicKeyInfo", -1,
          "unreadable public key: " + e.getMessage(), e);
    }
    if (parsedKey == null) {
      // BouncyCastle does not read an SPKI whose algorithm is the SM2 OID itself.
      PublicKey key;
      try {
        key = SoftKeys.publicKey(Certificate.getInstance(der).getSubjectPublicKeyInfo()
            .getEncoded());
      } catch (java.io.IOException e) {
        throw new InvalidEncodingException(what + ".subjectPublicKeyInfo", -1,
            "unreadable public key", e);
      }
      return new SpkiNormalizedCertificate(cert, key);
    }
    return cert;
  }

  /**
   * The certificate as PEM.
   *
   * @param certificate the certificate
   * @return {@code -----BEGIN CERTIFICATE-----} … with 64-character lines
   */
  public static String toPem(X509Certificate certificate) {
    return Pem.encode("CERTIFICATE", encoded(certificate));
  }

  static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  /**
   * The algorithm the certificate is signed with.
   *
   * @param certificate the certificate
   * @return the algorithm (SM2: with the default user ID)
   * @throws UnsupportedAlgorithmException if the SDK does not know it
   */
  public static SignatureAlgorithm signatureAlgorithm(X509Certificate certificate)
      throws UnsupportedAlgorithmException {
    return SignatureAlgorithms.of(Certificate.getInstance(encoded(certificate))
        .getSignatureAlgorithm());
  }

  /**
   * Verifies that the certificate was signed by the key of its issuer (SM2: with the default
   * user ID).
   *
   * @param certificate the certificate
   * @param issuerKey the issuer's public key (the certificate's own for a self-signed one)
   * @throws SignatureVerificationException if the signature does not verify with that key
   * @throws UnsupportedAlgorithmException if the algorithm is unknown or does not fit the key
   */
  public static void verifySignature(X509Certificate certificate, PublicKey issuerKey)
      throws SignatureVerificationException, UnsupportedAlgorithmException {
    Objects.requireNonNull(issuerKey, "issuerKey");
    Certificate c = Certificate.getInstance(encoded(certificate));
    byte[] tbs;
    try {
      tbs = certificate.getTBSCertificate(); // the bytes as signed, not a re-encoding
    } catch (CertificateEncodingException e) {
      throw new SignatureVerificationException("cannot read TBSCertificate", e);
    }
    if (!c.getSignatureAlgorithm().equals(c.getTBSCertificate().getSignature())) {
      throw new SignatureVerificationException("certificate " + c.getSubject()
          + ": signatureAlgorithm differs from TBSCertificate.signature (RFC 5280 §4.1.1.2)");
    }
    SignatureAlgorithms.verify(c.getSignatureAlgorithm(), issuerKey, tbs,
        c.getSignature().getOctets(), "certificate " + c.getSubject());
  }

  /**
   * A certificate's validity period.
   *
   * @param notBefore the first valid instant
   * @param notAfter the last valid instant
   */
  public record Validity(Instant notBefore, Instant notAfter) {
    /**
     * Whether an instant lies in the period (both ends included, RFC 5280 §4.1.2.5).
     *
     * @param t the instant
     * @return true when {@code notBefore <= t <= notAfter}
     */
    public boolean contains(Instant t) {
      return !t.isBefore(notBefore) && !t.isAfter(notAfter);
    }
  }

  /** What a verifier reads of a certificate again and again, read once. */
  private record Facts(Validity validity, String subject, String issuer,
      X500Principal subjectPrincipal, X500Principal issuerPrincipal,
      byte[] subjectKeyId, byte[] authorityKeyId, java.util.Set<String> criticalExtensions) {}

  /** Facts by certificate object (identity): BouncyCastle re-parses the dates on every
   * {@code getNotBefore()} with a new {@code SimpleDateFormat}, and a name is re-formatted on
   * every call, both hot spots of a seal verifier. */
  private static final java.util.Map<IdentityKey, Facts> FACTS =
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<IdentityKey, Facts> e) {
          return size() > 512;
        }
      };

  private static Facts facts(X509Certificate certificate) {
    IdentityKey key = new IdentityKey(certificate);
    synchronized (FACTS) {
      Facts f = FACTS.get(key);
      if (f != null) {
        return f;
      }
    }
    X500Principal subject = certificate.getSubjectX500Principal();
    X500Principal issuer = certificate.getIssuerX500Principal();
    Facts f = new Facts(new Validity(certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant()),
        DistinguishedNames.format(subject), DistinguishedNames.format(issuer), subject, issuer,
        keyIdentifier(certificate, Extension.subjectKeyIdentifier),
        keyIdentifier(certificate, Extension.authorityKeyIdentifier),
        certificate.getCriticalExtensionOIDs() == null ? java.util.Set.of()
            : java.util.Set.copyOf(certificate.getCriticalExtensionOIDs()));
    synchronized (FACTS) {
      FACTS.put(key, f);
    }
    return f;
  }

  /**
   * The key identifier of a certificate's subjectKeyIdentifier or authorityKeyIdentifier
   * extension (RFC 5280 §4.2.1.1–2), or null when it has none or it cannot be read.
   */
  private static byte[] keyIdentifier(X509Certificate c, ASN1ObjectIdentifier oid) {
    byte[] ext = c.getExtensionValue(oid.getId());
    if (ext == null) {
      return null;
    }
    try {
      byte[] inner = ASN1OctetString.getInstance(ext).getOctets();
      if (oid.equals(Extension.subjectKeyIdentifier)) {
        return SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier();
      }
      ASN1OctetString id = AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifierObject();
      return id == null ? null : id.getOctets();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * A certificate's subject as a principal, read once per certificate object (equality of
   * principals compares canonical forms, which a principal computes once).
   *
   * @param certificate the certificate
   * @return the subject
   */
  static X500Principal subjectPrincipal(X509Certificate certificate) {
    return facts(certificate).subjectPrincipal();
  }

  /**
   * A certificate's issuer as a principal, read once per certificate object.
   *
   * @param certificate the certificate
   * @return the issuer
   */
  static X500Principal issuerPrincipal(X509Certificate certificate) {
    return facts(certificate).issuerPrincipal();
  }

  /**
   * The OIDs of a certificate's critical extensions, read once per certificate object.
   *
   * @param certificate the certificate
   * @return an immutable set, empty when there are none
   */
  static java.util.Set<String> criticalExtensionOids(X509Certificate certificate) {
    return facts(certificate).criticalExtensions();
  }

  /**
   * The subjectKeyIdentifier's key identifier, read once per certificate object.
   *
   * @param certificate the certificate
   * @return the identifier (not to be modified), or null
   */
  static byte[] subjectKeyId(X509Certificate certificate) {
    return facts(certificate).subjectKeyId();
  }

  /**
   * The authorityKeyIdentifier's key identifier, read once per certificate object.
   *
   * @param certificate the certificate
   * @return the identifier (not to be modified), or null
   */
  static byte[] authorityKeyId(X509Certificate certificate) {
    return facts(certificate).authorityKeyId();
  }

  /**
   * A certificate's validity period, read once per certificate object.
   *
   * @param certificate the certificate
   * @return its notBefore and notAfter
   */
  public static Validity validity(X509Certificate certificate) {
    return facts(certificate).validity();
  }

  /**
   * A certificate's subject in RFC 4514 form ({@link DistinguishedNames#format}), formatted once
   * per certificate object.
   *
   * @param certificate the certificate
   * @return the subject DN, last RDN first
   */
  public static String subjectName(X509Certificate certificate) {
    return facts(certificate).subject();
  }

  /**
   * A certificate's issuer in RFC 4514 form ({@link DistinguishedNames#format}), formatted once
   * per certificate object.
   *
   * @param certificate the certificate
   * @return the issuer DN, last RDN first
   */
  public static String issuerName(X509Certificate certificate) {
    return facts(certificate).issuer();
  }

  /** A map key that compares objects by identity. */
  static final class IdentityKey {
    private final Object object;

    IdentityKey(Object object) {
      this.object = object;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof IdentityKey && ((IdentityKey) o).object == object;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(object);
    }
  }
}
