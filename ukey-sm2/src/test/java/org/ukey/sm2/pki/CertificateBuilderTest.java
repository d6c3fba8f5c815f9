package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.interop.TestIdentity;

class CertificateBuilderTest {
  @Test
  void issuesACertificateForARequestSignedByAnSm2Ca() throws Exception {
    TestIdentity ca = TestIdentity.rootCa("CN=Issuing CA,O=Finance,C=CN", KeySpec.sm2());
    KeyPair applicant = SoftKeys.generate(KeySpec.sm2());
    CertificateRequest csr = CertificateRequest.create("CN=Applicant,O=Finance,C=CN",
        SoftSigners.create(applicant.getPrivate(), applicant.getPublic(), null,
            SignatureAlgorithm.SM3_WITH_SM2));
    csr.verify();
    Instant from = Instant.parse("2026-03-01T00:00:00Z");
    Instant to = Instant.parse("2028-03-01T00:00:00Z");
    X509Certificate cert = CertificateBuilder.forSubject(csr.subject(), csr.publicKey())
        .issuer(ca.certificate).serialNumber(BigInteger.valueOf(2026)).validity(from, to)
        .sign(ca.signer());
    Certificates.verifySignature(cert, ca.keys.getPublic());
    assertEquals(BigInteger.valueOf(2026), cert.getSerialNumber());
    assertEquals(from, cert.getNotBefore().toInstant());
    assertEquals(to, cert.getNotAfter().toInstant());
    assertEquals(-1, cert.getBasicConstraints());
    assertTrue(cert.getKeyUsage()[0] && cert.getKeyUsage()[1]);
    assertEquals(ca.certificate.getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertTrue(KeyFileReader.sameKey(applicant.getPublic(), cert.getPublicKey()));
  }

  @Test
  void refusesABadValidityOrSerial() throws Exception {
    KeyPair kp = SoftKeys.generate(KeySpec.sm2());
    CertificateBuilder b = CertificateBuilder.forSubject("CN=x", kp.getPublic());
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThrows(IllegalArgumentException.class, () -> b.validity(t, t));
    assertThrows(IllegalArgumentException.class, () -> b.serialNumber(BigInteger.ZERO));
    assertThrows(IllegalStateException.class, () -> b.sign(SoftSigners.create(kp.getPrivate(),
        kp.getPublic(), null, SignatureAlgorithm.SM3_WITH_SM2)));
  }
}
