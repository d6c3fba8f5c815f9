package org.ukey.sm2.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.internal.DerReader;
import org.ukey.sm2.internal.Pem;
import org.ukey.sm2.internal.SignatureAlgorithms;

/**
 * An X.509 certificate revocation list (RFC 5280 §5; 证书撤销列表), read strictly from PEM or
 * DER: its issuer, {@code thisUpdate}/{@code nextUpdate}, and every revoked serial with its
 * revocation date and reason. The signature is checked with {@link #verifySignature} (SM2:
 * default user ID); {@link ChainValidator} does that and the freshness check itself.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class CertificateRevocationList {
  private final byte[] der;
  private final CertificateList list;
  private final X500Principal issuer;
  private final Instant thisUpdate;
  private final Instant nextUpdate;
  private final Map<BigInteger, Revocation> revoked;
  private final List<String> unsupportedCriticalExtensions;

  private CertificateRevocationList(byte[] der, CertificateList list,
      Map<BigInteger, Revocation> revoked, List<String> unsupportedCritical) throws IOException {
    this.der = der;
    this.list = list;
    this.issuer = new X500Principal(list.getIssuer().getEncoded("DER"));
    this.thisUpdate = list.getThisUpdate().getDate().toInstant();
    this.nextUpdate = list.getNextUpdate() == null ? null
        : list.getNextUpdate().getDate().toInstant();
    this.revoked = revoked;
    this.unsupportedCriticalExtensions = unsupportedCritical;
  }

  /**
   * Reads a CRL, PEM ({@code X509 CRL}) or DER.
   *
   * @param pemOrDer the bytes
   * @return the CRL
   * @throws InvalidEncodingException if it is not one well-formed CRL
   */
  public static CertificateRevocationList parse(byte[] pemOrDer) throws InvalidEncodingException {
    Objects.requireNonNull(pemOrDer, "pemOrDer");
    byte[] der = pemOrDer;
    if (Pem.looksLikePem(pemOrDer)) {
      der = null;
      for (Pem.Block b : Pem.decode(pemOrDer, "PEM CRL")) {
        if (b.label().equals("X509 CRL")) {
          if (der != null) {
            throw new InvalidEncodingException("PEM CRL", b.offset(), "more than one CRL");
          }
          der = b.der();
        }
      }
      if (der == null) {
        throw new InvalidEncodingException("PEM CRL", -1, "no X509 CRL block");
      }
    }
    DerReader.checkStrict(der, "CertificateList");
    try {
      CertificateList list = CertificateList.getInstance(der);
      Map<BigInteger, Revocation> revoked = new HashMap<>();
      Enumeration<?> entries = list.getRevokedCertificateEnumeration();
      while (entries.hasMoreElements()) {
        TBSCertList.CRLEntry e = (TBSCertList.CRLEntry) entries.nextElement();
        Integer reason = null;
        Extensions ext = e.getExtensions();
        if (ext != null) {
          Extension r = ext.getExtension(Extension.reasonCode);
          if (r != null) {
            reason = ASN1Enumerated.getInstance(r.getParsedValue()).intValueExact();
          }
          for (org.bouncycastle.asn1.ASN1ObjectIdentifier oid : ext.getCriticalExtensionOIDs()) {
            if (!oid.equals(Extension.reasonCode) && !oid.equals(Extension.invalidityDate)) {
              throw new InvalidEncodingException("CertificateList.revokedCertificates", -1,
                  "entry for serial " + e.getUserCertificate().getValue().toString(16)
                      + " has an unsupported critical extension " + oid);
            }
          }
        }
        BigInteger serial = e.getUserCertificate().getValue();
        revoked.put(serial, new Revocation(serial, e.getRevocationDate().getDate().toInstant(),
            reason));
      }
      List<String> unsupported = new ArrayList<>();
      Extensions ext = list.getTBSCertList().getExtensions();
      if (ext != null) {
        for (org.bouncycastle.asn1.ASN1ObjectIdentifier oid : ext.getCriticalExtensionOIDs()) {
          // Delta CRLs and issuing distribution points change what the list covers; a
          // validator that does not implement them must not treat the CRL as complete.
          unsupported.add(oid.getId());
        }
      }
      return new CertificateRevocationList(der.clone(), list, Collections.unmodifiableMap(revoked),
          List.copyOf(unsupported));
    } catch (IOException | RuntimeException e) {
      throw new InvalidEncodingException("CertificateList", -1,
          "not an X.509 CRL: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies the CRL's signature with its issuer's key.
   *
   * @param issuerKey the CRL issuer's public key
   * @throws SignatureVerificationException if the signature does not verify
   * @throws UnsupportedAlgorithmException if the algorithm is unknown or does not fit the key
   */
  public void verifySignature(PublicKey issuerKey)
      throws SignatureVerificationException, UnsupportedAlgorithmException {
    byte[] tbs;
    try {
      tbs = list.getTBSCertList().getEncoded("DER");
    } catch (IOException e) {
      throw new SignatureVerificationException("cannot encode TBSCertList", e);
    }
    SignatureAlgorithms.verify(list.getSignatureAlgorithm(), issuerKey, tbs,
        list.getSignature().getOctets(), "CRL of " + DistinguishedNames.format(issuer));
  }

  /**
   * The CRL's issuer.
   *
   * @return the issuer name
   */
  public X500Principal issuer() {
    return issuer;
  }

  /**
   * When this CRL was issued.
   *
   * @return {@code thisUpdate}
   */
  public Instant thisUpdate() {
    return thisUpdate;
  }

  /**
   * When the next CRL is due; after it this one is stale.
   *
   * @return {@code nextUpdate}, if present
   */
  public Optional<Instant> nextUpdate() {
    return Optional.ofNullable(nextUpdate);
  }

  /**
   * The entry for a serial number.
   *
   * @param serialNumber a certificate serial number (of a certificate of this CRL's issuer)
   * @return the revocation, or empty when not listed
   */
  public Optional<Revocation> revocation(BigInteger serialNumber) {
    return Optional.ofNullable(revoked.get(serialNumber));
  }

  /**
   * Every entry.
   *
   * @return an immutable list, in no particular order
   */
  public List<Revocation> revocations() {
    return List.copyOf(revoked.values());
  }

  /**
   * Critical CRL extensions the SDK does not implement (delta CRL indicator, issuing
   * distribution point); a CRL with any is not used as complete revocation information.
   *
   * @return the OIDs; usually empty
   */
  public List<String> unsupportedCriticalExtensions() {
    return unsupportedCriticalExtensions;
  }

  /**
   * The DER encoding.
   *
   * @return a copy
   */
  public byte[] encoded() {
    return der.clone();
  }

  /**
   * The PEM encoding.
   *
   * @return {@code -----BEGIN X509 CRL-----} …
   */
  public String toPem() {
    return Pem.encode("X509 CRL", der);
  }

  @Override
  public String toString() {
    return "CertificateRevocationList[issuer=" + DistinguishedNames.format(issuer)
        + ", thisUpdate=" + thisUpdate
        + ", entries=" + revoked.size() + "]";
  }
}
