package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureVerificationException;
import org.ukey.sm2.interop.OpenSsl;
import org.ukey.sm2.interop.TestIdentity;

class CertificateRevocationListTest {
  private static final Instant THIS_UPDATE = Instant.parse("2027-05-01T00:00:00Z");
  private static final Instant NEXT_UPDATE = Instant.parse("2027-05-08T00:00:00Z");
  private static final Instant REVOKED = Instant.parse("2027-04-30T08:00:00Z");

  @TempDir
  Path dir;

  private static TestIdentity sm2Ca;
  private static TestIdentity rsaCa;

  @BeforeAll
  static void cas() throws Exception {
    sm2Ca = TestIdentity.rootCa("CN=SM2 CA", KeySpec.sm2());
    rsaCa = TestIdentity.rootCa("CN=RSA CA", KeySpec.rsa(2048));
  }

  @Test
  void readsEntriesDatesAndReasonsOfAnSm2Crl() throws Exception {
    CertificateRevocationList crl = CrlBuilder.forIssuer(sm2Ca.certificate)
        .updates(THIS_UPDATE, NEXT_UPDATE)
        .revoke(BigInteger.valueOf(0x1234), REVOKED, 1)
        .revoke(BigInteger.valueOf(0x5678), REVOKED.plusSeconds(60), -1)
        .sign(sm2Ca.signer());
    CertificateRevocationList read = CertificateRevocationList.parse(
        crl.toPem().getBytes(StandardCharsets.US_ASCII));
    read.verifySignature(sm2Ca.keys.getPublic());
    assertEquals(THIS_UPDATE, read.thisUpdate());
    assertEquals(NEXT_UPDATE, read.nextUpdate().orElseThrow());
    assertEquals(sm2Ca.certificate.getSubjectX500Principal(), read.issuer());
    Revocation r = read.revocation(BigInteger.valueOf(0x1234)).orElseThrow();
    assertEquals(REVOKED, r.revokedAt());
    assertEquals(1, r.reasonCode().orElseThrow());
    assertTrue(r.revokedBy(REVOKED));
    assertTrue(!r.revokedBy(REVOKED.minusSeconds(1)));
    assertEquals(2, read.revocations().size());
    assertTrue(read.revocation(BigInteger.ONE).isEmpty());
  }

  @Test
  void opensslVerifiesOurRsaCrlAndListsTheSerial() throws Exception {
    CertificateRevocationList crl = CrlBuilder.forIssuer(rsaCa.certificate)
        .updates(THIS_UPDATE, NEXT_UPDATE).revoke(BigInteger.valueOf(0xABCDEF), REVOKED, 4)
        .sign(rsaCa.signer());
    Path f = Files.writeString(dir.resolve("crl.pem"), crl.toPem());
    Path ca = Files.writeString(dir.resolve("ca.pem"), Certificates.toPem(rsaCa.certificate));
    OpenSsl.Result r = OpenSsl.tryRun(dir, null, "crl", "-in", f.toString(), "-CAfile",
        ca.toString(), "-noout", "-text");
    assertEquals(0, r.exit, r.stderr());
    assertTrue(r.stderr().contains("verify OK"), r.stderr());
    assertTrue(r.stdout().contains("ABCDEF"), r.stdout());
  }

  @Test
  void rejectsACrlSignedByAnotherKey() throws Exception {
    CertificateRevocationList crl = CrlBuilder.forIssuer(sm2Ca.certificate)
        .updates(THIS_UPDATE, NEXT_UPDATE).sign(sm2Ca.signer());
    TestIdentity other = TestIdentity.rootCa("CN=SM2 CA", KeySpec.sm2());
    assertThrows(SignatureVerificationException.class,
        () -> crl.verifySignature(other.keys.getPublic()));
  }

  @Test
  void rejectsATamperedEntryTruncationAndTrailingData() throws Exception {
    CertificateRevocationList crl = CrlBuilder.forIssuer(sm2Ca.certificate)
        .updates(THIS_UPDATE, NEXT_UPDATE).revoke(BigInteger.valueOf(0x7777), REVOKED, 1)
        .sign(sm2Ca.signer());
    byte[] der = crl.encoded();
    byte[] tampered = der.clone();
    tampered[CertificatesTest.indexOf(der, new byte[] {0x02, 0x02, 0x77, 0x77}) + 3] = 0x78;
    CertificateRevocationList bad = CertificateRevocationList.parse(tampered);
    assertThrows(SignatureVerificationException.class,
        () -> bad.verifySignature(sm2Ca.keys.getPublic()));
    assertThrows(InvalidEncodingException.class,
        () -> CertificateRevocationList.parse(Arrays.copyOf(der, der.length - 2)));
    assertThrows(InvalidEncodingException.class,
        () -> CertificateRevocationList.parse(Arrays.copyOf(der, der.length + 1)));
  }
}
