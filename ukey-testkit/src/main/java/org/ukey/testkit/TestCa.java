package org.ukey.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.ukey.api.KeySpec;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.pki.CertificateBuilder;

/**
 * A certificate authority for tests: a self-signed root whose key lives in memory, issuing
 * end-entity certificates for keys of any {@link KeySpec} (SM2, RSA, EC), on a token or in
 * software.
 *
 * <p>Validity is taken from an injected {@link Clock}: the root and every certificate issued by
 * {@link #issue(String, PublicKey)} are valid from {@code clock.instant()} minus one hour (a
 * little slack for a verifier's own clock) for the CA's validity period; {@link #issue(String,
 * PublicKey, Instant, Instant)} sets any period, to make not-yet-valid or expired certificates.
 * Serial numbers count up from 1 (the root) so that a test sees the same numbers on every run.
 *
 * <pre>{@code
 * TestCa ca = TestCa.create(KeySpec.sm2(), Clock.systemUTC());
 * X509Certificate cert = ca.issue("CN=Zhang San,O=Finance", tokenKey.publicKey());
 * session.importCertificate(tokenKey, cert);
 * }</pre>
 *
 * <p><b>Thread-safety:</b> thread-safe.
 *
 * <p><b>Security:</b> the CA's private key sits in memory, unprotected; for tests only.
 */
public final class TestCa {
  /** The subject of the root when none is given. */
  public static final String DEFAULT_ROOT_DN = "CN=UKey Test Root CA,O=UKey SDK Test,C=CN";

  private static final Duration CLOCK_SLACK = Duration.ofHours(1);

  private final Clock clock;
  private final Duration validity;
  private final Signer rootSigner;
  private final X509Certificate rootCertificate;
  private final AtomicLong serials = new AtomicLong(1);

  private TestCa(Clock clock, Duration validity, Signer rootSigner,
      X509Certificate rootCertificate) {
    this.clock = clock;
    this.validity = validity;
    this.rootSigner = rootSigner;
    this.rootCertificate = rootCertificate;
  }

  /**
   * A CA with a root key of the given spec, named {@link #DEFAULT_ROOT_DN}, valid for ten years.
   *
   * @param rootSpec the root key's spec; it signs with the spec's default algorithm
   * @param clock the clock that dates the root and what it issues
   * @return the CA
   * @throws UKeyException if the key cannot be generated or the root not signed
   */
  public static TestCa create(KeySpec rootSpec, Clock clock) throws UKeyException {
    return create(rootSpec, DEFAULT_ROOT_DN, clock, Duration.ofDays(3650));
  }

  /**
   * A CA with a root key of the given spec and subject.
   *
   * @param rootSpec the root key's spec; it signs with the spec's default algorithm
   * @param rootDn the root's subject, RFC 4514 form
   * @param clock the clock that dates the root and what it issues
   * @param validity how long the root and each certificate it issues are valid
   * @return the CA
   * @throws UKeyException if the key cannot be generated or the root not signed
   */
  public static TestCa create(KeySpec rootSpec, String rootDn, Clock clock, Duration validity)
      throws UKeyException {
    Objects.requireNonNull(rootSpec, "rootSpec");
    Objects.requireNonNull(rootDn, "rootDn");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, was " + validity);
    }
    KeyPair root = SoftKeys.generate(rootSpec);
    Signer signer = SoftSigners.create(root.getPrivate(), root.getPublic(), null,
        rootSpec.defaultSignatureAlgorithm());
    Instant from = clock.instant().minus(CLOCK_SLACK);
    X509Certificate rootCert = CertificateBuilder.forSubject(rootDn, root.getPublic())
        .serialNumber(BigInteger.ONE)
        .validity(from, from.plus(validity))
        .certificateAuthority()
        .sign(signer);
    Signer issuing = SoftSigners.create(root.getPrivate(), root.getPublic(), rootCert,
        rootSpec.defaultSignatureAlgorithm());
    return new TestCa(clock, validity, issuing, rootCert);
  }

  /**
   * The self-signed root certificate.
   *
   * @return the root
   */
  public X509Certificate rootCertificate() {
    return rootCertificate;
  }

  /**
   * Issues an end-entity signing certificate (digitalSignature and nonRepudiation), valid from
   * now by the CA's clock for the CA's validity period.
   *
   * @param subjectDn the subject, RFC 4514 form such as {@code "CN=Zhang San,O=Finance"}
   * @param subjectKey the subject's public key
   * @return the certificate
   * @throws UKeyException if signing fails
   */
  public X509Certificate issue(String subjectDn, PublicKey subjectKey) throws UKeyException {
    Instant from = clock.instant().minus(CLOCK_SLACK);
    return issue(subjectDn, subjectKey, from, from.plus(validity));
  }

  /**
   * Issues an end-entity signing certificate with the given validity period.
   *
   * @param subjectDn the subject, RFC 4514 form
   * @param subjectKey the subject's public key
   * @param notBefore the first instant of validity
   * @param notAfter the last instant of validity, after {@code notBefore}
   * @return the certificate
   * @throws UKeyException if signing fails
   */
  public X509Certificate issue(String subjectDn, PublicKey subjectKey, Instant notBefore,
      Instant notAfter) throws UKeyException {
    return CertificateBuilder.forSubject(subjectDn, subjectKey)
        .issuer(rootCertificate)
        .serialNumber(BigInteger.valueOf(serials.incrementAndGet()))
        .validity(notBefore, notAfter)
        .sign(rootSigner);
  }

  /**
   * Generates a key pair in software and issues it a certificate: for tests that need a key to
   * import or a peer's certificate.
   *
   * @param subjectDn the subject
   * @param spec the key's spec
   * @return the private key and its certificate
   * @throws UKeyException if the key cannot be generated or signing fails
   */
  public Issued issue(String subjectDn, KeySpec spec) throws UKeyException {
    KeyPair pair = SoftKeys.generate(Objects.requireNonNull(spec, "spec"));
    return new Issued(pair.getPrivate(), issue(subjectDn, pair.getPublic()));
  }

  @Override
  public String toString() {
    return "TestCa[" + rootCertificate.getSubjectX500Principal().getName() + "]";
  }

  /**
   * A software key and the certificate this CA issued for it.
   *
   * <p><b>Thread-safety:</b> immutable.
   *
   * @param privateKey the private key
   * @param certificate its certificate
   */
  public record Issued(PrivateKey privateKey, X509Certificate certificate) {
    /**
     * Validates the fields.
     *
     * @param privateKey the private key
     * @param certificate its certificate
     */
    public Issued {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(certificate, "certificate");
    }

    /**
     * Prints the subject only, never the key.
     *
     * @return for example {@code Issued[CN=Zhang San]}
     */
    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal().getName() + "]";
    }
  }
}
