package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ukey.sm2.interop.TestIdentity.FROM;
import static org.ukey.sm2.interop.TestIdentity.TO;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.sm2.interop.TestIdentity;
import org.ukey.sm2.pki.CertificatePathException.Problem;

class ChainValidatorTest {
  private static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static TestIdentity root;
  private static TestIdentity sub;
  private static TestIdentity user;
  private static TestIdentity shortLived;

  @BeforeAll
  static void pki() throws Exception {
    root = TestIdentity.rootCa("CN=Finance Root CA,O=Province,C=CN", KeySpec.sm2());
    sub = root.issueCa("CN=Finance Sub CA,O=Province,C=CN", KeySpec.sm2());
    user = sub.issue("CN=Zhang San,O=Treasury,C=CN", KeySpec.sm2());
    shortLived = sub.issue("CN=Short,O=Treasury,C=CN", KeySpec.sm2(), FROM,
        Instant.parse("2027-01-01T00:00:00Z"));
  }

  private static ChainValidator.Builder validator() {
    return ChainValidator.builder().trustAnchors(List.of(root.certificate)).clock(CLOCK);
  }

  @Test
  void validatesAThreeLevelSm2Chain() throws Exception {
    CertificatePath p = validator().build().validate(user.certificate,
        List.of(sub.certificate));
    assertEquals(List.of(user.certificate, sub.certificate, root.certificate), p.certificates());
    assertEquals(NOW, p.validAt());
  }

  @Test
  void findsTheIssuerAmongUnrelatedCertificates() throws Exception {
    TestIdentity otherRoot = TestIdentity.rootCa("CN=Other Root", KeySpec.sm2());
    CertificatePath p = validator().build().validate(user.certificate,
        List.of(otherRoot.certificate, root.certificate, sub.certificate));
    assertEquals(3, p.certificates().size());
  }

  @Test
  void rejectsACertificateExpiredAtTheGivenInstant() {
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> validator().build().validate(shortLived.certificate, List.of(sub.certificate)));
    assertEquals(Problem.EXPIRED, e.problem());
  }

  @Test
  void acceptsAnExpiredCertificateAtASigningTimeWithinItsValidity() throws Exception {
    validator().build().validate(shortLived.certificate, List.of(sub.certificate),
        Instant.parse("2026-06-01T00:00:00Z"));
  }

  @Test
  void rejectsACertificateNotYetValid() {
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> validator().build().validate(user.certificate, List.of(sub.certificate),
            FROM.minusSeconds(1)));
    assertEquals(Problem.NOT_YET_VALID, e.problem());
  }

  @Test
  void rejectsWithoutTheIntermediate() {
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> validator().build().validate(user.certificate, List.of()));
    assertEquals(Problem.NO_PATH, e.problem());
  }

  @Test
  void rejectsAChainToAnotherRootWithTheSameName() throws Exception {
    TestIdentity impostor = TestIdentity.rootCa("CN=Finance Root CA,O=Province,C=CN",
        KeySpec.sm2());
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> ChainValidator.builder().trustAnchors(List.of(impostor.certificate)).clock(CLOCK)
            .build().validate(user.certificate, List.of(sub.certificate)));
    assertEquals(Problem.NO_PATH, e.problem());
  }

  @Test
  void rejectsACertificateWhoseSignatureWasAltered() throws Exception {
    byte[] der = user.certificate.getEncoded();
    der[der.length - 5] ^= 1; // inside s of the DER signature
    X509Certificate altered = Certificates.parse(der);
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> validator().build().validate(altered, List.of(sub.certificate)));
    assertEquals(Problem.SIGNATURE_INVALID, e.problem());
  }

  @Test
  void rejectsAnEndEntityUsedAsAnIssuer() throws Exception {
    TestIdentity fake = TestIdentity.rootCa("CN=unused", KeySpec.sm2());
    X509Certificate issued = CertificateBuilder.forSubject("CN=Victim", fake.keys.getPublic())
        .issuer(user.certificate).validity(FROM, TO).sign(user.signer());
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> validator().build().validate(issued, List.of(user.certificate,
            sub.certificate)));
    assertEquals(Problem.NOT_A_CA, e.problem());
  }

  @Test
  void rejectsACertificateRevokedBeforeTheInstant() throws Exception {
    Instant revokedAt = Instant.parse("2027-03-01T00:00:00Z");
    CertificateRevocationList crl = CrlBuilder.forIssuer(sub.certificate)
        .updates(Instant.parse("2027-05-01T00:00:00Z"), Instant.parse("2027-07-01T00:00:00Z"))
        .revoke(user.certificate.getSerialNumber(), revokedAt, 1).sign(sub.signer());
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> validator().crls(List.of(crl)).build().validate(user.certificate,
            List.of(sub.certificate)));
    assertEquals(Problem.REVOKED, e.problem());
    assertEquals(revokedAt, e.revocation().orElseThrow().revokedAt());
    assertEquals(1, e.revocation().orElseThrow().reasonCode().orElseThrow());
  }

  @Test
  void acceptsAtASigningTimeBeforeTheRevocationAndReportsIt() throws Exception {
    Instant revokedAt = Instant.parse("2027-03-01T00:00:00Z");
    CertificateRevocationList crl = CrlBuilder.forIssuer(sub.certificate)
        .updates(Instant.parse("2027-05-01T00:00:00Z"), Instant.parse("2027-07-01T00:00:00Z"))
        .revoke(user.certificate.getSerialNumber(), revokedAt, -1).sign(sub.signer());
    CertificatePath p = validator().crls(List.of(crl)).build().validate(user.certificate,
        List.of(sub.certificate), Instant.parse("2027-02-01T00:00:00Z"));
    assertEquals(1, p.laterRevocations().size());
    assertEquals(revokedAt, p.laterRevocations().get(0).revokedAt());
  }

  @Test
  void rejectsAStaleCrl() throws Exception {
    CertificateRevocationList crl = CrlBuilder.forIssuer(sub.certificate)
        .updates(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2027-02-01T00:00:00Z"))
        .sign(sub.signer());
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> validator().crls(List.of(crl)).build().validate(user.certificate,
            List.of(sub.certificate)));
    assertEquals(Problem.CRL_EXPIRED, e.problem());
  }

  @Test
  void ignoresACrlNotSignedByTheIssuerAndFailsWhenCrlsAreRequired() throws Exception {
    TestIdentity forger = TestIdentity.rootCa("CN=Finance Sub CA,O=Province,C=CN",
        KeySpec.sm2());
    CertificateRevocationList forged = CrlBuilder.forIssuer(forger.certificate)
        .updates(NOW.minusSeconds(3600), NOW.plusSeconds(3600))
        .revoke(user.certificate.getSerialNumber(), FROM, 1).sign(forger.signer());
    validator().crls(List.of(forged)).build().validate(user.certificate,
        List.of(sub.certificate));
    CertificatePathException e = assertThrows(CertificatePathException.class,
        () -> validator().crls(List.of(forged)).requireCrls().build()
            .validate(user.certificate, List.of(sub.certificate)));
    assertEquals(Problem.CRL_MISSING, e.problem());
  }

  @Test
  void acceptsWhenEveryIssuerHasACurrentCrlThatDoesNotListTheCertificate() throws Exception {
    CertificateRevocationList subCrl = CrlBuilder.forIssuer(sub.certificate)
        .updates(NOW.minusSeconds(3600), NOW.plusSeconds(3600))
        .revoke(BigInteger.valueOf(12345), FROM, 4).sign(sub.signer());
    CertificateRevocationList rootCrl = CrlBuilder.forIssuer(root.certificate)
        .updates(NOW.minusSeconds(3600), NOW.plusSeconds(3600)).sign(root.signer());
    validator().crls(List.of(subCrl, rootCrl)).requireCrls().build()
        .validate(user.certificate, List.of(sub.certificate));
  }

  @Test
  void validatesTheOfdrwSignerAtItsSigningTimeButNotToday() throws Exception {
    Path seals = TestIdentity.sealsDirectory();
    X509Certificate ofdRoot = KeyFileReader.readPkcs12(
        Files.readAllBytes(seals.resolve("ofdrw-ROOT.p12")), "123456".toCharArray())
        .certificate().orElseThrow();
    X509Certificate signer = KeyFileReader.readPkcs12(
        Files.readAllBytes(seals.resolve("ofdrw-USER.p12")), "777777".toCharArray())
        .certificate().orElseThrow();
    ChainValidator v = ChainValidator.builder().trustAnchors(List.of(ofdRoot)).clock(CLOCK)
        .build();
    v.validate(signer, List.of(), Instant.parse("2021-01-01T00:00:00Z"));
    assertEquals(Problem.EXPIRED, assertThrows(CertificatePathException.class,
        () -> v.validate(signer, List.of())).problem());
  }
}
