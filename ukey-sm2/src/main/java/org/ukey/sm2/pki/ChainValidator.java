package org.ukey.sm2.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.pki.CertificatePathException.Problem;

/**
 * Builds and validates a certificate chain to given trust anchors (RFC 5280 §6, the parts
 * Chinese government PKI uses), for SM2 as for RSA and ECDSA. The JDK's PKIX validator does not
 * know SM2, hence this one.
 *
 * <pre>{@code
 * ChainValidator v = ChainValidator.builder()
 *     .trustAnchors(List.of(rootCa))
 *     .crls(List.of(crl))                 // optional; see requireCrls()
 *     .clock(clock)                       // "now" for CRL freshness; default the system clock
 *     .build();
 * CertificatePath p = v.validate(signerCert, intermediates, signingTime);
 * }</pre>
 *
 * <p>For every certificate of the path: the signature verifies with the issuer's key (SM2 with
 * the default user ID); notBefore ≤ instant ≤ notAfter (the trust anchor included); every
 * intermediate issuer has basicConstraints cA=true, keyCertSign when it has a keyUsage, and a
 * pathLenConstraint that the path respects; no unknown critical extension. The trust anchor's
 * own basicConstraints and keyUsage are not judged: it is trusted as configured. Issuers are matched by
 * name and, when both are present, authority/subject key identifier; several candidate issuers
 * (cross-certificates, a renewed CA) are tried in turn.
 *
 * <p>Revocation: a CRL counts for a certificate when its issuer name is the certificate's issuer,
 * its signature verifies with that issuer's key, and it has no unsupported critical extension.
 * It must be current at the clock's now (thisUpdate ≤ now ≤ nextUpdate): a stale CRL is an
 * error, not silence. A certificate listed with a revocation date at or before the validation
 * instant is revoked; one revoked later is valid at that instant and reported in
 * {@link CertificatePath#laterRevocations()}. Without {@link Builder#requireCrls()}, an issuer
 * with no CRL given is not checked for revocation.
 *
 * <p><b>Thread-safety:</b> thread-safe; its configuration is immutable, and it remembers the
 * certificate signatures it found valid (a bounded cache keyed by the certificate objects).
 */
public final class ChainValidator {
  /** Longest path tried; government hierarchies have two or three levels. */
  private static final int MAX_PATH = 8;

  private static final Set<String> KNOWN_CRITICAL = Set.of(
      Extension.basicConstraints.getId(), Extension.keyUsage.getId(),
      Extension.extendedKeyUsage.getId(), Extension.subjectAlternativeName.getId(),
      Extension.issuerAlternativeName.getId(), Extension.certificatePolicies.getId(),
      Extension.subjectKeyIdentifier.getId(), Extension.authorityKeyIdentifier.getId(),
      Extension.cRLDistributionPoints.getId(), Extension.authorityInfoAccess.getId());

  private final List<X509Certificate> anchors;
  private final List<CertificateRevocationList> crls;
  private final Clock clock;
  private final boolean requireCrls;
  /** Certificate signatures found valid; bounded, least recently used first out. */
  private final java.util.Map<List<Certificates.IdentityKey>, Boolean> verified =
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(
            java.util.Map.Entry<List<Certificates.IdentityKey>, Boolean> e) {
          return size() > 1024;
        }
      };

  private ChainValidator(Builder b) {
    this.anchors = List.copyOf(b.anchors);
    this.crls = List.copyOf(b.crls);
    this.clock = b.clock;
    this.requireCrls = b.requireCrls;
  }

  /**
   * Starts a validator.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Validates a certificate at the clock's current instant.
   *
   * @param certificate the certificate
   * @param intermediates candidate intermediate CA certificates (may be empty)
   * @return the validated path
   * @throws CertificatePathException if it does not validate
   */
  public CertificatePath validate(X509Certificate certificate,
      Collection<X509Certificate> intermediates) throws CertificatePathException {
    return validate(certificate, intermediates, clock.instant());
  }

  /**
   * Validates a certificate at a given instant (a signing time). CRL freshness is still judged
   * at the clock's now.
   *
   * @param certificate the certificate
   * @param intermediates candidate intermediate CA certificates (may be empty)
   * @param at the instant at which every certificate must be valid and not yet revoked
   * @return the validated path
   * @throws CertificatePathException if it does not validate; the problem of the most complete
   *     path tried is reported
   */
  public CertificatePath validate(X509Certificate certificate,
      Collection<X509Certificate> intermediates, Instant at) throws CertificatePathException {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(intermediates, "intermediates");
    Objects.requireNonNull(at, "at");
    List<X509Certificate> path = new ArrayList<>();
    path.add(certificate);
    CertificatePathException[] best = new CertificatePathException[1];
    CertificatePath result = extend(path, List.copyOf(intermediates), at, best);
    if (result != null) {
      return result;
    }
    if (best[0] != null) {
      throw best[0];
    }
    throw new CertificatePathException(Problem.NO_PATH, "no path from "
        + name(certificate) + " to a trust anchor (issuer "
        + DistinguishedNames.format(certificate.getIssuerX500Principal()) + " not found)");
  }

  private CertificatePath extend(List<X509Certificate> path, List<X509Certificate> pool,
      Instant at, CertificatePathException[] best) {
    X509Certificate last = path.get(path.size() - 1);
    for (X509Certificate anchor : anchors) {
      if (anchor.equals(last) || issues(anchor, last)) {
        List<X509Certificate> full = new ArrayList<>(path);
        if (!anchor.equals(last)) {
          full.add(anchor);
        }
        try {
          return check(full, at);
        } catch (CertificatePathException e) {
          if (best[0] == null) {
            best[0] = e; // the first complete path's problem is the one reported
          }
        }
      }
    }
    if (path.size() >= MAX_PATH) {
      return null;
    }
    for (X509Certificate ca : pool) {
      if (!path.contains(ca) && issues(ca, last)) {
        path.add(ca);
        CertificatePath r = extend(path, pool, at, best);
        if (r != null) {
          return r;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }

  /** Whether {@code issuer}'s subject and key identifier say it issued {@code cert}. */
  private static boolean issues(X509Certificate issuer, X509Certificate cert) {
    if (!Certificates.subjectPrincipal(issuer).equals(Certificates.issuerPrincipal(cert))) {
      return false;
    }
    byte[] aki = Certificates.authorityKeyId(cert);
    byte[] ski = Certificates.subjectKeyId(issuer);
    return aki == null || ski == null || Arrays.equals(aki, ski);
  }

  /** Checks a complete path, end entity first, anchor last. */
  private CertificatePath check(List<X509Certificate> path, Instant at)
      throws CertificatePathException {
    Instant now = clock.instant();
    List<Revocation> later = new ArrayList<>();
    List<X509Certificate> unchecked = new ArrayList<>();
    int n = path.size();
    for (int i = 0; i < n; i++) {
      X509Certificate c = path.get(i);
      X509Certificate issuer = i + 1 < n ? path.get(i + 1) : c;
      checkValidity(c, at);
      checkCriticalExtensions(c);
      boolean selfSignedAnchor = i == n - 1;
      if (!selfSignedAnchor || isSelfIssued(c)) {
        verifySignature(c, issuer);
      }
      if (i > 0 && !selfSignedAnchor) {
        // The trust anchor is trusted as given (RFC 5280 §6.1.1 d): its own extensions are not
        // judged. Real GM roots (ofdrw's) lack keyCertSign and must still anchor a path.
        checkCa(c, i - 1);
      }
      if (!selfSignedAnchor && !checkRevocation(c, issuer, at, now, later)) {
        unchecked.add(c);
      }
    }
    return new CertificatePath(path, at, later, unchecked);
  }

  private static void checkValidity(X509Certificate c, Instant at)
      throws CertificatePathException {
    Certificates.Validity v = Certificates.validity(c);
    if (at.isBefore(v.notBefore())) {
      throw new CertificatePathException(Problem.NOT_YET_VALID, name(c) + " is not valid until "
          + v.notBefore() + " (checked at " + at + ")");
    }
    if (at.isAfter(v.notAfter())) {
      throw new CertificatePathException(Problem.EXPIRED, name(c) + " expired at "
          + v.notAfter() + " (checked at " + at + ")");
    }
  }

  private static void checkCriticalExtensions(X509Certificate c) throws CertificatePathException {
    for (String oid : Certificates.criticalExtensionOids(c)) {
      if (!KNOWN_CRITICAL.contains(oid)) {
        throw new CertificatePathException(Problem.UNSUPPORTED_CRITICAL_EXTENSION,
            name(c) + " has an unsupported critical extension " + oid);
      }
    }
  }

  /** {@code ca} issues a path with {@code below} CA certificates under it (excluding the EE). */
  private static void checkCa(X509Certificate ca, int below) throws CertificatePathException {
    int pathLen = ca.getBasicConstraints();
    boolean v1Anchor = ca.getVersion() < 3 && isSelfIssued(ca);
    if (pathLen < 0 && !v1Anchor) {
      throw new CertificatePathException(Problem.NOT_A_CA, name(ca)
          + " issues certificates but is not a CA (basicConstraints cA is not true)");
    }
    if (pathLen >= 0 && pathLen != Integer.MAX_VALUE && below > pathLen) {
      throw new CertificatePathException(Problem.NOT_A_CA, name(ca) + " allows " + pathLen
          + " intermediate CA(s) below it (pathLenConstraint), the path has " + below);
    }
    boolean[] ku = ca.getKeyUsage();
    if (ku != null && (ku.length < 6 || !ku[5])) {
      throw new CertificatePathException(Problem.NOT_A_CA, name(ca)
          + " has a keyUsage without keyCertSign");
    }
  }

  private void verifySignature(X509Certificate c, X509Certificate issuer)
      throws CertificatePathException {
    // Only successes are remembered, keyed by the certificate and issuer objects (immutable): a
    // seal verifier judges the same few certificates over and over.
    List<Certificates.IdentityKey> key = List.of(new Certificates.IdentityKey(c),
        new Certificates.IdentityKey(issuer));
    synchronized (verified) {
      if (verified.containsKey(key)) {
        return;
      }
    }
    try {
      Certificates.verifySignature(c, issuer.getPublicKey());
      synchronized (verified) {
        verified.put(key, Boolean.TRUE);
      }
    } catch (SignatureVerificationException e) {
      throw new CertificatePathException(Problem.SIGNATURE_INVALID, name(c)
          + ": signature does not verify with the key of " + name(issuer), null, e);
    } catch (UnsupportedAlgorithmException e) {
      throw new CertificatePathException(Problem.UNSUPPORTED_ALGORITHM, name(c) + ": "
          + e.getMessage(), null, e);
    }
  }

  /** Checks {@code c} against its issuer's CRLs; returns whether any CRL of the issuer was found. */
  private boolean checkRevocation(X509Certificate c, X509Certificate issuer, Instant at,
      Instant now, List<Revocation> later) throws CertificatePathException {
    boolean found = false;
    for (CertificateRevocationList crl : crls) {
      if (!crl.issuer().equals(c.getIssuerX500Principal())) {
        continue;
      }
      try {
        crl.verifySignature(issuer.getPublicKey());
      } catch (GeneralSecurityException e) {
        // A CRL of a same-named but different CA (a renewed key) belongs to another path.
        continue;
      }
      if (!crl.unsupportedCriticalExtensions().isEmpty()) {
        throw new CertificatePathException(Problem.CRL_INVALID, "CRL of "
            + DistinguishedNames.format(issuer.getSubjectX500Principal())
            + " has unsupported critical extensions "
            + crl.unsupportedCriticalExtensions());
      }
      if (now.isBefore(crl.thisUpdate())) {
        throw new CertificatePathException(Problem.CRL_EXPIRED, "CRL of "
            + DistinguishedNames.format(crl.issuer()) + " is not yet valid: thisUpdate "
            + crl.thisUpdate()
            + " is after now (" + now + ")");
      }
      if (crl.nextUpdate().isPresent() && now.isAfter(crl.nextUpdate().get())) {
        throw new CertificatePathException(Problem.CRL_EXPIRED, "CRL of "
            + DistinguishedNames.format(crl.issuer()) + " is stale: nextUpdate "
            + crl.nextUpdate().get()
            + " has passed (now " + now + ")");
      }
      found = true;
      var entry = crl.revocation(c.getSerialNumber());
      if (entry.isPresent()) {
        Revocation r = entry.get();
        if (r.revokedBy(at)) {
          throw new CertificatePathException(Problem.REVOKED, name(c) + " (serial "
              + c.getSerialNumber().toString(16) + ") was revoked at " + r.revokedAt()
              + (r.reasonCode().isPresent() ? ", reason " + r.reasonCode().get() : "")
              + " (checked at " + at + ")", r, null);
        }
        if (!later.contains(r)) {
          later.add(r);
        }
      }
    }
    if (!found && requireCrls) {
      throw new CertificatePathException(Problem.CRL_MISSING, "no valid CRL of "
          + DistinguishedNames.format(c.getIssuerX500Principal()) + " was given to check "
          + name(c));
    }
    return found;
  }

  private static boolean isSelfIssued(X509Certificate c) {
    return Certificates.subjectPrincipal(c).equals(Certificates.issuerPrincipal(c));
  }

  private static String name(X509Certificate c) {
    return "certificate \"" + DistinguishedNames.format(c.getSubjectX500Principal()) + "\"";
  }

  /**
   * Configures a {@link ChainValidator}.
   *
   * <p><b>Thread-safety:</b> not thread-safe.
   */
  public static final class Builder {
    private final List<X509Certificate> anchors = new ArrayList<>();
    private final List<CertificateRevocationList> crls = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private boolean requireCrls;

    private Builder() {}

    /**
     * Adds trust anchors (root CA certificates, or any certificate trusted as such).
     *
     * @param certificates the anchors
     * @return this
     */
    public Builder trustAnchors(Collection<X509Certificate> certificates) {
      for (X509Certificate c : certificates) {
        anchors.add(Objects.requireNonNull(c, "trust anchor"));
      }
      return this;
    }

    /**
     * Adds CRLs to check revocation with.
     *
     * @param lists the CRLs
     * @return this
     */
    public Builder crls(Collection<CertificateRevocationList> lists) {
      for (CertificateRevocationList l : lists) {
        crls.add(Objects.requireNonNull(l, "crl"));
      }
      return this;
    }

    /**
     * Sets the clock that says "now" (CRL freshness, and the default validation instant).
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Requires a current, valid CRL for every issuer in the path (fail closed).
     *
     * @return this
     */
    public Builder requireCrls() {
      this.requireCrls = true;
      return this;
    }

    /**
     * Builds the validator.
     *
     * @return the validator
     * @throws IllegalStateException if no trust anchor was given
     */
    public ChainValidator build() {
      if (anchors.isEmpty()) {
        throw new IllegalStateException("at least one trust anchor is required");
      }
      return new ChainValidator(this);
    }
  }
}
