package org.ukey.seal.internal;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.seal.VerificationReport;

/**
 * Judges the certificates met while verifying seals: validity at a time, a chain to the trust
 * anchors given, and revocation by the CRLs given, with the GM/T 0031-2014 §6.2.3 d rule that a
 * certificate revoked after the signing time still stands for that signature.
 *
 * <p>The chain is judged at the same time as its end certificate (the signing time, or the time
 * a seal was made): every certificate on it must be valid then, issuers must be CAs, and each
 * signature must verify (SM2 with the default user ID, as GM/T 0015 certificates are signed).
 */
public final class CertificateJudge {
  private static final int MAX_PATH = 8;

  private final List<X509Certificate> anchors;
  private final List<X509CRL> crls;

  /**
   * Creates a judge.
   *
   * @param anchors the trust anchors; may be empty (chains are then NOT_CHECKED)
   * @param crls the CRLs; may be empty (revocation is then NOT_CHECKED)
   */
  public CertificateJudge(List<X509Certificate> anchors, List<X509CRL> crls) {
    this.anchors = List.copyOf(anchors);
    this.crls = List.copyOf(crls);
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
    Verdict chain = chain(cert, t);
    if (!hasSigningUsage(cert)) {
      // GM/T 0031-2014 §6.2.3 c: a key-usage failure is fatal whatever the chain.
      chain = new Verdict(VerificationReport.Outcome.FAIL, "the certificate's key usage allows"
          + " neither digitalSignature nor nonRepudiation", chain.path);
    }
    r.add(VerificationReport.CheckId.SIGNER_CERTIFICATE_CHAIN, chain.outcome, chain.detail);
    Verdict revocation = revocation(cert, t, chain.path);
    r.add(VerificationReport.CheckId.SIGNER_CERTIFICATE_REVOCATION, revocation.outcome,
        revocation.detail);
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
    Verdict chain = chain(cert, t);
    Verdict revocation = revocation(cert, t, chain.path);
    VerificationReport.Outcome outcome;
    if (validity.outcome == VerificationReport.Outcome.FAIL
        || chain.outcome == VerificationReport.Outcome.FAIL
        || revocation.outcome == VerificationReport.Outcome.FAIL) {
      outcome = VerificationReport.Outcome.FAIL;
    } else if (chain.outcome == VerificationReport.Outcome.NOT_CHECKED) {
      outcome = VerificationReport.Outcome.NOT_CHECKED;
    } else {
      outcome = VerificationReport.Outcome.PASS;
    }
    r.add(VerificationReport.CheckId.SEAL_MAKER_CERTIFICATE, outcome,
        validity.detail + "; " + chain.detail + "; " + revocation.detail);
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
    if (validity.outcome == VerificationReport.Outcome.FAIL) {
      return validity.detail;
    }
    Verdict chain = chain(cert, t);
    if (chain.outcome == VerificationReport.Outcome.FAIL) {
      return chain.detail;
    }
    Verdict revocation = revocation(cert, t, chain.path);
    return revocation.outcome == VerificationReport.Outcome.FAIL ? revocation.detail : null;
  }

  /**
   * Whether any trust anchor is configured.
   *
   * @return true when chains are checked
   */
  public boolean hasAnchors() {
    return !anchors.isEmpty();
  }

  private static Verdict validity(X509Certificate cert, Instant t, String which) {
    Instant from = cert.getNotBefore().toInstant();
    Instant to = cert.getNotAfter().toInstant();
    if (t.isBefore(from) || t.isAfter(to)) {
      return new Verdict(VerificationReport.Outcome.FAIL, which + " " + t
          + " is outside the certificate's validity " + from + " to " + to, List.of());
    }
    return new Verdict(VerificationReport.Outcome.PASS, which + " " + t
        + " is inside the certificate's validity " + from + " to " + to, List.of());
  }

  private Verdict chain(X509Certificate cert, Instant t) {
    if (anchors.isEmpty()) {
      return new Verdict(VerificationReport.Outcome.NOT_CHECKED, "no trust anchors given",
          List.of(cert));
    }
    List<X509Certificate> path = new ArrayList<>();
    path.add(cert);
    X509Certificate current = cert;
    for (int depth = 0; depth < MAX_PATH; depth++) {
      if (isAnchor(current)) {
        return new Verdict(VerificationReport.Outcome.PASS, "chains to trust anchor "
            + current.getSubjectX500Principal().getName(), path);
      }
      Optional<X509Certificate> issuer = findIssuer(current);
      if (issuer.isEmpty()) {
        return new Verdict(VerificationReport.Outcome.FAIL, "no trust anchor issued "
            + current.getSubjectX500Principal().getName() + " (issuer "
            + current.getIssuerX500Principal().getName() + ")", path);
      }
      X509Certificate ca = issuer.get();
      if (ca.getBasicConstraints() < 0 && !isSelfSigned(ca)) {
        return new Verdict(VerificationReport.Outcome.FAIL, "issuer "
            + ca.getSubjectX500Principal().getName() + " is not a CA", path);
      }
      Instant from = ca.getNotBefore().toInstant();
      Instant to = ca.getNotAfter().toInstant();
      if (t.isBefore(from) || t.isAfter(to)) {
        return new Verdict(VerificationReport.Outcome.FAIL, "issuer "
            + ca.getSubjectX500Principal().getName() + " was not valid at " + t, path);
      }
      path.add(ca);
      if (isAnchor(ca)) {
        return new Verdict(VerificationReport.Outcome.PASS, "chains to trust anchor "
            + ca.getSubjectX500Principal().getName(), path);
      }
      current = ca;
    }
    return new Verdict(VerificationReport.Outcome.FAIL, "chain longer than " + MAX_PATH, path);
  }

  private Verdict revocation(X509Certificate cert, Instant t, List<X509Certificate> path) {
    X509Certificate issuer = path.size() > 1 ? path.get(1) : null;
    if (issuer == null && isSelfSigned(cert)) {
      issuer = cert;
    }
    if (issuer == null) {
      for (X509Certificate a : anchors) {
        if (a.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
          issuer = a;
        }
      }
    }
    boolean sawCrl = false;
    for (X509CRL crl : crls) {
      if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
        continue;
      }
      if (issuer == null || !verifies(crl, issuer)) {
        continue;
      }
      sawCrl = true;
      X509CRLEntry entry = crl.getRevokedCertificate(cert);
      if (entry != null) {
        Instant revoked = entry.getRevocationDate().toInstant();
        if (revoked.isAfter(t)) {
          return new Verdict(VerificationReport.Outcome.PASS, "revoked on " + revoked
              + ", after " + t + ": tolerated (GM/T 0031-2014 §6.2.3 d)", path);
        }
        return new Verdict(VerificationReport.Outcome.FAIL, "revoked on " + revoked
            + ", before " + t, path);
      }
    }
    if (!sawCrl) {
      return new Verdict(VerificationReport.Outcome.NOT_CHECKED, "no CRL from "
          + cert.getIssuerX500Principal().getName(), path);
    }
    return new Verdict(VerificationReport.Outcome.PASS, "not on the CRL of "
        + cert.getIssuerX500Principal().getName(), path);
  }

  private boolean isAnchor(X509Certificate c) {
    for (X509Certificate a : anchors) {
      if (same(a, c)) {
        return true;
      }
    }
    return false;
  }

  private Optional<X509Certificate> findIssuer(X509Certificate c) {
    for (X509Certificate a : anchors) {
      if (a.getSubjectX500Principal().equals(c.getIssuerX500Principal())
          && verifiesMemo(c, a)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private static boolean isSelfSigned(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && verifies(c, c);
  }

  private static boolean same(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  /** Certificate signature checks already made: (certificate, issuer) digests to the result. */
  private final java.util.Map<String, Boolean> checked = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> e) {
          return size() > 4096;
        }
      });

  private boolean verifiesMemo(X509Certificate c, X509Certificate issuer) {
    String key;
    try {
      key = java.util.HexFormat.of().formatHex(Digests.digest(
          org.ukey.api.DigestAlgorithm.SM3, c.getEncoded())) + java.util.HexFormat.of()
          .formatHex(Digests.digest(org.ukey.api.DigestAlgorithm.SM3, issuer.getEncoded()));
    } catch (CertificateEncodingException e) {
      return false;
    }
    return checked.computeIfAbsent(key, k -> verifies(c, issuer));
  }

  static boolean verifies(X509Certificate c, X509Certificate issuer) {
    try {
      SignatureAlgorithm alg = SignatureValues.algorithm(c.getSigAlgOID());
      SignatureValues.verify(issuer.getPublicKey(), alg, c.getTBSCertificate(), c.getSignature());
      return true;
    } catch (CertificateEncodingException | SignatureVerificationException
        | UnsupportedAlgorithmException e) {
      return false;
    }
  }

  private static boolean verifies(X509CRL crl, X509Certificate issuer) {
    try {
      SignatureAlgorithm alg = SignatureValues.algorithm(crl.getSigAlgOID());
      SignatureValues.verify(issuer.getPublicKey(), alg, crl.getTBSCertList(),
          crl.getSignature());
      return true;
    } catch (java.security.cert.CRLException | SignatureVerificationException
        | UnsupportedAlgorithmException e) {
      return false;
    }
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
     * @param detail the detail
     */
    void add(VerificationReport.CheckId id, VerificationReport.Outcome outcome, String detail);
  }

  private static final class Verdict {
    final VerificationReport.Outcome outcome;
    final String detail;
    final List<X509Certificate> path;

    Verdict(VerificationReport.Outcome outcome, String detail, List<X509Certificate> path) {
      this.outcome = outcome;
      this.detail = detail;
      this.path = path;
    }
  }
}
