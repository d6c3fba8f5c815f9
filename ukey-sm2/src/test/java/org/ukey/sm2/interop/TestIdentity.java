package org.ukey.sm2.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.ukey.api.KeySpec;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.pki.CertificateBuilder;

/** A key pair with a certificate, made with the SDK's own builder: a small test PKI. */
public final class TestIdentity {
  /** 2026-01-01T00:00:00Z, the start of every test certificate's validity. */
  public static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  /** 2036-01-01T00:00:00Z. */
  public static final Instant TO = Instant.parse("2036-01-01T00:00:00Z");

  public final KeyPair keys;
  public final X509Certificate certificate;

  private TestIdentity(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A self-signed CA. */
  public static TestIdentity rootCa(String dn, KeySpec spec) throws UKeyException {
    KeyPair kp = SoftKeys.generate(spec);
    Signer s = SoftSigners.create(kp.getPrivate(), kp.getPublic(), null,
        spec.defaultSignatureAlgorithm());
    return new TestIdentity(kp, CertificateBuilder.forSubject(dn, kp.getPublic())
        .validity(FROM, TO).certificateAuthority().sign(s));
  }

  /** A CA certificate issued by this one. */
  public TestIdentity issueCa(String dn, KeySpec spec) throws UKeyException {
    KeyPair kp = SoftKeys.generate(spec);
    return new TestIdentity(kp, CertificateBuilder.forSubject(dn, kp.getPublic())
        .issuer(certificate).validity(FROM, TO).certificateAuthority().sign(signer()));
  }

  /** An end-entity certificate issued by this CA, valid from {@code from} to {@code to}. */
  public TestIdentity issue(String dn, KeySpec spec, Instant from, Instant to)
      throws UKeyException {
    KeyPair kp = SoftKeys.generate(spec);
    return new TestIdentity(kp, CertificateBuilder.forSubject(dn, kp.getPublic())
        .issuer(certificate).validity(from, to).sign(signer()));
  }

  /** An end-entity certificate valid from {@link #FROM} to {@link #TO}. */
  public TestIdentity issue(String dn, KeySpec spec) throws UKeyException {
    return issue(dn, spec, FROM, TO);
  }

  /** A signer of this identity's key with its default algorithm and certificate. */
  public Signer signer() throws UKeyException {
    return SoftSigners.create(keys.getPrivate(), keys.getPublic(), certificate,
        SoftKeys.specOf(keys.getPublic()).defaultSignatureAlgorithm());
  }

  /** The interop vectors of the repository: {@code testdata/interop/seals}. */
  public static Path sealsDirectory() {
    String base = System.getProperty("ukey.testdata");
    if (base == null) {
      throw new AssertionError("system property ukey.testdata is not set: run the tests through"
          + " Maven, whose surefire configuration points it at <repository>/testdata");
    }
    Path dir = Path.of(base, "interop", "seals");
    if (!Files.isDirectory(dir)) {
      throw new AssertionError(dir + " is missing: the interop vectors are part of the"
          + " repository (testdata/interop/seals)");
    }
    return dir;
  }
}
