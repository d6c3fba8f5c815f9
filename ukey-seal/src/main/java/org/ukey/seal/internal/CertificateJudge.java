package org.ukey.seal.internal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.ukey.seal.VerificationReport;
import org.ukey.seal.VerificationReport.Outcome;
import org.ukey.sm2.pki.CertificatePath;
import org.ukey.sm2.pki.CertificatePathException;
import org.ukey.sm2.pki.Certificates;
import org.ukey.sm2.pki.ChainValidator;
import org.ukey.sm2.pki.Revocation;

/**
 * Judges the certificates met while verifying seals, as the checks of GM/T 0031-2014 §6.1.2 c
 * and §6.2.3 c–d ask: validity at a time, a chain to the trust anchors (through
 * {@link ChainValidator}), and revocation by the CRLs it was given, where a certificate revoked
 * after the signing time still stands for that signature (§6.2.3 d).
 */
public final class CertificateJudge {
  private final ChainValidator validator;

  /**
   * Creates a judge.
   *
   * @param validator the chain validator (trust anchors, CRLs, clock), or null when no trust
   *     anchors are given: chains and revocation are then NOT_CHECKED
   */
  public CertificateJudge(ChainValidator validator) {
    this.validator = validator;
  }

  /**
   * Judges a signer certificate at the signing time: validity, chain, revocation.
   *
   * @param r the report being built
   * @param cert the signer's certificate
   * @param t the signing time
   */
  public void judgeSigner(ReportSink r, X509Certificate cert, Instant t) {
    Verdict validity = validity(cert, t, "the signing time");
    r.add(VerificationReport.CheckId.SIGNER_CERTIFICATE_VALIDITY, validity.outcome,
        validity.detail);
    Verdict[] chainAndRevocation = chain(cert, t);
    Verdict chain = chainAndRevocation[0];
    if (!hasSigningUsage(cert)) {
      // GM/T 0031-2014 §6.2.3 c: a key-usage failure is fatal whatever the chain.
      chain = new Verdict(Outcome.FAIL, "the certificate's key usage allows neither"
          + " digitalSignature nor nonRepudiation");
    }
    r.add(VerificationReport.CheckId.SIGNER_CERTIFICATE_CHAIN, chain.outcome, chain.detail);
    r.add(VerificationReport.CheckId.SIGNER_CERTIFICATE_REVOCATION, chainAndRevocation[1].outcome,
        chainAndRevocation[1].detail);
  }

  /**
   * Judges a maker certificate at the time the seal is used: validity, chain and revocation
   * folded into one check (GM/T 0031-2014 §6.1.2 c).
   *
   * @param r the report being built
   * @param cert the maker's certificate
   * @param t the time the seal is used (the signing time, or now)
   */
  public void judgeMaker(ReportSink r, X509Certificate cert, Instant t) {
    Verdict validity = validity(cert, t, "the time of use");
    Verdict[] chainAndRevocation = chain(cert, t);
    Verdict chain = chainAndRevocation[0];
    Verdict revocation = chainAndRevocation[1];
    Outcome outcome;
    if (validity.outcome == Outcome.FAIL || chain.outcome == Outcome.FAIL
        || revocation.outcome == Outcome.FAIL) {
      outcome = Outcome.FAIL;
    } else if (chain.outcome == Outcome.NOT_CHECKED) {
      outcome = Outcome.NOT_CHECKED;
    } else {
      outcome = Outcome.PASS;
    }
    Supplier<String> detail;
    if (validator == null) {
      detail = () -> validity.detail.get()
          + "; chain and revocation not checked: no trust anchors given";
    } else if (chain.outcome == Outcome.FAIL) {
      // Revocation is then "not checked: the chain does not validate", which adds nothing.
      detail = () -> validity.detail.get() + "; " + chain.detail.get();
    } else {
      detail = () -> validity.detail.get() + "; " + chain.detail.get() + "; "
          + revocation.detail.get();
    }
    r.add(VerificationReport.CheckId.SEAL_MAKER_CERTIFICATE, outcome, detail);
  }

  /**
   * Judges a time-stamping authority's certificate at the time it stamped.
   *
   * @param cert the TSA certificate
   * @param t the time-stamp time
   * @return null when acceptable (valid, and chained when anchors are given), else why not
   */
  public String judgeTimeStampAuthority(X509Certificate cert, Instant t) {
    Verdict validity = validity(cert, t, "the time-stamp");
    if (validity.outcome == Outcome.FAIL) {
      return validity.detail.get();
    }
    Verdict[] chain = chain(cert, t);
    if (chain[0].outcome == Outcome.FAIL) {
      return chain[0].detail.get();
    }
    return chain[1].outcome == Outcome.FAIL ? chain[1].detail.get() : null;
  }

  /**
   * Whether chains are checked.
   *
   * @return true when trust anchors were given
   */
  public boolean hasAnchors() {
    return validator != null;
  }

  private static Verdict validity(X509Certificate cert, Instant t, String which) {
    Instant from = Certificates.validity(cert).notBefore();
    Instant to = Certificates.validity(cert).notAfter();
    if (t.isBefore(from) || t.isAfter(to)) {
      return new Verdict(Outcome.FAIL, () -> which + " " + t
          + " is outside the certificate's validity " + from + " to " + to);
    }
    return new Verdict(Outcome.PASS, () -> which + " " + t
        + " is inside the certificate's validity " + from + " to " + to);
  }

  /** The chain verdict and the revocation verdict of a certificate at {@code t}. */
  private Verdict[] chain(X509Certificate cert, Instant t) {
    if (validator == null) {
      return new Verdict[] {new Verdict(Outcome.NOT_CHECKED, "no trust anchors given"),
          new Verdict(Outcome.NOT_CHECKED, "no trust anchors given")};
    }
    CertificatePath path;
    try {
      path = validator.validate(cert, List.of(), t);
    } catch (CertificatePathException e) {
      if (e.problem() == CertificatePathException.Problem.REVOKED) {
        // The path to an anchor was complete when the revocation was found.
        return new Verdict[] {new Verdict(Outcome.PASS, "chains to a trust anchor"),
            new Verdict(Outcome.FAIL, e.getMessage())};
      }
      return new Verdict[] {new Verdict(Outcome.FAIL, e.getMessage()),
          new Verdict(Outcome.NOT_CHECKED, "the chain does not validate")};
    }
    Verdict chain = new Verdict(Outcome.PASS, () -> "chains to trust anchor "
        + Certificates.subjectName(path.trustAnchor()));
    if (path.trustAnchor().equals(cert)) {
      // RFC 5280 §6.1: the anchor is trusted as given, no CRL speaks of it.
      return new Verdict[] {chain, new Verdict(Outcome.NOT_CHECKED,
          "the certificate is itself a trust anchor: anchors are not checked for revocation")};
    }
    if (path.notCheckedForRevocation().contains(cert)) {
      return new Verdict[] {chain, new Verdict(Outcome.NOT_CHECKED,
          () -> "no CRL from " + Certificates.issuerName(cert))};
    }
    for (Revocation later : path.laterRevocations()) {
      if (later.serialNumber().equals(cert.getSerialNumber())) {
        return new Verdict[] {chain, new Verdict(Outcome.PASS, () -> "revoked on "
            + later.revokedAt() + ", after " + t + ": tolerated (GM/T 0031-2014 §6.2.3 d)")};
      }
    }
    return new Verdict[] {chain, new Verdict(Outcome.PASS,
        () -> "not on the CRL of " + Certificates.issuerName(cert))};
  }

  static boolean hasSigningUsage(X509Certificate c) {
    boolean[] ku = c.getKeyUsage();
    return ku == null || ku[0] || ku[1];
  }

  /** Where the judge writes its checks. */
  public interface ReportSink {
    /**
     * Adds or replaces a check.
     *
     * @param id the check
     * @param outcome the outcome
     * @param detail the detail, composed when first read
     */
    void add(VerificationReport.CheckId id, Outcome outcome, Supplier<String> detail);
  }

  /** An outcome and its detail, composed when first read. */
  private record Verdict(Outcome outcome, Supplier<String> detail) {
    Verdict(Outcome outcome, String detail) {
      this(outcome, () -> detail);
    }
  }
}
