package org.ukey.sm2.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.sm2.internal.SignerContentSigner;

/**
 * Builds an X.509 v2 CRL signed by any {@link Signer} (a CA key on a token): the issuer, the
 * update times and the revoked serials with their dates and reasons.
 *
 * <p><b>Thread-safety:</b> not thread-safe; one builder per CRL.
 */
public final class CrlBuilder {
  private final X509Certificate issuer;
  private final List<Entry> entries = new ArrayList<>();
  private Instant thisUpdate;
  private Instant nextUpdate;
  private BigInteger number = BigInteger.ONE;

  private CrlBuilder(X509Certificate issuer) {
    this.issuer = issuer;
  }

  /**
   * Starts a CRL of a CA.
   *
   * @param issuerCertificate the CA's certificate
   * @return the builder
   */
  public static CrlBuilder forIssuer(X509Certificate issuerCertificate) {
    return new CrlBuilder(Objects.requireNonNull(issuerCertificate, "issuerCertificate"));
  }

  /**
   * Sets {@code thisUpdate} and {@code nextUpdate} (required).
   *
   * @param thisUpdate when the CRL is issued
   * @param nextUpdate when the next one is due, after {@code thisUpdate}
   * @return this
   */
  public CrlBuilder updates(Instant thisUpdate, Instant nextUpdate) {
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException("nextUpdate must be after thisUpdate");
    }
    this.thisUpdate = thisUpdate;
    this.nextUpdate = nextUpdate;
    return this;
  }

  /**
   * Sets the CRL number (default 1).
   *
   * @param crlNumber a non-negative number, increasing with each CRL
   * @return this
   */
  public CrlBuilder crlNumber(BigInteger crlNumber) {
    if (crlNumber.signum() < 0) {
      throw new IllegalArgumentException("CRL number must not be negative");
    }
    this.number = crlNumber;
    return this;
  }

  /**
   * Lists a revoked certificate.
   *
   * @param serialNumber its serial number
   * @param revokedAt when it was revoked
   * @param reasonCode an RFC 5280 §5.3.1 reason code (1 keyCompromise, …), or -1 for none
   * @return this
   */
  public CrlBuilder revoke(BigInteger serialNumber, Instant revokedAt, int reasonCode) {
    entries.add(new Entry(Objects.requireNonNull(serialNumber),
        Objects.requireNonNull(revokedAt), reasonCode));
    return this;
  }

  /**
   * Signs the CRL.
   *
   * @param signer the CA's signer
   * @return the CRL
   * @throws UKeyException if signing fails
   */
  public CertificateRevocationList sign(Signer signer) throws UKeyException {
    Objects.requireNonNull(signer, "signer");
    if (thisUpdate == null) {
      throw new IllegalStateException("updates not set");
    }
    try {
      X509v2CRLBuilder b = new X509v2CRLBuilder(
          X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
          Date.from(thisUpdate));
      b.setNextUpdate(Date.from(nextUpdate));
      for (Entry e : entries) {
        b.addCRLEntry(e.serial, Date.from(e.revokedAt),
            e.reason >= 0 ? e.reason : CRLReason.unspecified);
      }
      b.addExtension(Extension.cRLNumber, false, new ASN1Integer(number));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          new BcX509ExtensionUtils().createAuthorityKeyIdentifier(
              SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded())));
      X509CRLHolder holder = b.build(new SignerContentSigner(signer));
      return CertificateRevocationList.parse(holder.getEncoded());
    } catch (IOException e) {
      throw new UKeyException("cannot encode the CRL", e);
    } catch (RuntimeException e) {
      throw SignerContentSigner.unwrap(e);
    }
  }

  private record Entry(BigInteger serial, Instant revokedAt, int reason) {}
}
