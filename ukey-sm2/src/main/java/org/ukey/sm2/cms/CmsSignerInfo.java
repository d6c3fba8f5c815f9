package org.ukey.sm2.cms;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.sm2.pki.CertificatePath;
import org.ukey.sm2.pki.DistinguishedNames;

/**
 * One verified signer of a SignedData: its certificate, the algorithm, the signing time it
 * claims, and the validated path when the verifier was given trust anchors.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class CmsSignerInfo {
  private final X509Certificate certificate;
  private final SignatureAlgorithm algorithm;
  private final Instant signingTime;
  private final CertificatePath path;

  CmsSignerInfo(X509Certificate certificate, SignatureAlgorithm algorithm, Instant signingTime,
      CertificatePath path) {
    this.certificate = certificate;
    this.algorithm = algorithm;
    this.signingTime = signingTime;
    this.path = path;
  }

  /**
   * The signer's certificate.
   *
   * @return the certificate
   */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The signature algorithm (SM2: default user ID).
   *
   * @return the algorithm
   */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The signingTime attribute: what the signer claims, not a trusted timestamp.
   *
   * @return the instant, when signed attributes carry one
   */
  public Optional<Instant> signingTime() {
    return Optional.ofNullable(signingTime);
  }

  /**
   * The validated certificate path, when the verifier had trust anchors.
   *
   * @return the path
   */
  public Optional<CertificatePath> path() {
    return Optional.ofNullable(path);
  }

  @Override
  public String toString() {
    return "CmsSignerInfo[" + DistinguishedNames.format(certificate.getSubjectX500Principal())
        + ", " + algorithm
        + (signingTime != null ? ", signed " + signingTime : "") + "]";
  }
}
