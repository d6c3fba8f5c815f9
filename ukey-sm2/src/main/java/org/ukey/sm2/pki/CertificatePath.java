package org.ukey.sm2.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A validated chain: the certificate, its intermediates, and the trust anchor it ends at, valid
 * at {@link #validAt()}.
 *
 * <p>{@link #laterRevocations()} lists CRL entries for certificates of the path whose revocation
 * date is after the validation instant: such a certificate was valid at that instant (a seal
 * stamped before the revocation stays valid) but is revoked now.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class CertificatePath {
  private final List<X509Certificate> certificates;
  private final Instant validAt;
  private final List<Revocation> laterRevocations;
  private final List<X509Certificate> notCheckedForRevocation;

  CertificatePath(List<X509Certificate> certificates, Instant validAt,
      List<Revocation> laterRevocations, List<X509Certificate> notCheckedForRevocation) {
    this.certificates = List.copyOf(certificates);
    this.validAt = validAt;
    this.laterRevocations = List.copyOf(laterRevocations);
    this.notCheckedForRevocation = List.copyOf(notCheckedForRevocation);
  }

  /**
   * The path, from the validated certificate to the trust anchor (inclusive).
   *
   * @return an immutable list of at least one certificate
   */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  /**
   * The certificate that was validated.
   *
   * @return the first certificate of the path
   */
  public X509Certificate endEntity() {
    return certificates.get(0);
  }

  /**
   * The trust anchor the path ends at.
   *
   * @return the last certificate of the path
   */
  public X509Certificate trustAnchor() {
    return certificates.get(certificates.size() - 1);
  }

  /**
   * The instant at which the path was judged valid.
   *
   * @return the instant
   */
  public Instant validAt() {
    return validAt;
  }

  /**
   * Revocations dated after {@link #validAt()} of certificates in this path.
   *
   * @return an immutable list; empty when none
   */
  public List<Revocation> laterRevocations() {
    return laterRevocations;
  }

  /**
   * The certificates of this path (the anchor aside) for which no CRL of their issuer was
   * given, so whose revocation was not checked.
   *
   * @return an immutable list; empty when every certificate was checked
   */
  public List<X509Certificate> notCheckedForRevocation() {
    return notCheckedForRevocation;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CertificatePath[");
    for (int i = 0; i < certificates.size(); i++) {
      sb.append(i == 0 ? "" : " <- ").append(DistinguishedNames.format(
          certificates.get(i).getSubjectX500Principal()));
    }
    return sb.append(", validAt=").append(validAt).append(']').toString();
  }
}
