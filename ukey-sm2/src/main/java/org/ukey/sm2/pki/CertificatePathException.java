package org.ukey.sm2.pki;

import java.util.Optional;
import org.ukey.api.UKeyException;

/**
 * A certificate does not chain to a trust anchor as valid at the instant asked: no path, a
 * signature that does not verify, a certificate expired or not yet valid, an issuer that is not
 * a CA, a revoked certificate, a stale or missing CRL. {@link #problem()} says which;
 * {@link #revocation()} gives the CRL entry when the problem is {@link Problem#REVOKED}.
 */
public class CertificatePathException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the path. */
  public enum Problem {
    /** No chain from the certificate to a trust anchor among the certificates given. */
    NO_PATH,
    /** A certificate's signature does not verify with its issuer's key. */
    SIGNATURE_INVALID,
    /** A certificate's notAfter is before the instant. */
    EXPIRED,
    /** A certificate's notBefore is after the instant. */
    NOT_YET_VALID,
    /** An issuer is not a CA (basicConstraints), may not sign certificates (keyUsage), or the
     * path is longer than its pathLenConstraint allows. */
    NOT_A_CA,
    /** A certificate has a critical extension the validator does not understand. */
    UNSUPPORTED_CRITICAL_EXTENSION,
    /** A certificate is on its issuer's CRL with a revocation date at or before the instant. */
    REVOKED,
    /** A CRL's signature does not verify, or it has unsupported critical extensions. */
    CRL_INVALID,
    /** A CRL is not current: its thisUpdate is in the future or its nextUpdate has passed. */
    CRL_EXPIRED,
    /** CRLs are required and none was given for an issuer. */
    CRL_MISSING,
    /** A signature algorithm in the path is not supported. */
    UNSUPPORTED_ALGORITHM
  }

  private final Problem problem;
  private final transient Revocation revocation;

  CertificatePathException(Problem problem, String message) {
    this(problem, message, null, null);
  }

  CertificatePathException(Problem problem, String message, Revocation revocation,
      Throwable cause) {
    super(message, cause);
    this.problem = problem;
    this.revocation = revocation;
  }

  /**
   * What is wrong.
   *
   * @return the problem
   */
  public Problem problem() {
    return problem;
  }

  /**
   * The CRL entry of a revoked certificate.
   *
   * @return the entry, for {@link Problem#REVOKED}; otherwise empty
   */
  public Optional<Revocation> revocation() {
    return Optional.ofNullable(revocation);
  }
}
