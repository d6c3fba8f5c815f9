package org.ukey.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.Provider;
import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftKeys;

class TestCaTest {
  private static final Provider BC = new BouncyCastleProvider();
  private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void rootIsASelfSignedCaDatedByTheClock() throws Exception {
    TestCa ca = TestCa.create(KeySpec.sm2(), CLOCK);
    X509Certificate root = ca.rootCertificate();
    // Compared as a set of RDNs: CertificateBuilder currently encodes RDNs in the order written.
    assertEquals(Set.of(TestCa.DEFAULT_ROOT_DN.split(",")),
        Set.of(root.getSubjectX500Principal().getName().split(",")));
    assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
    assertTrue(root.getBasicConstraints() >= 0, "root is not a CA");
    assertEquals(BigInteger.ONE, root.getSerialNumber());
    assertEquals("1.2.156.10197.1.501", root.getSigAlgOID());
    root.verify(root.getPublicKey(), BC);
    assertEquals(Date.from(NOW.minus(Duration.ofHours(1))), root.getNotBefore());
    assertEquals(Date.from(NOW.minus(Duration.ofHours(1)).plus(Duration.ofDays(3650))),
        root.getNotAfter());
  }

  @Test
  void issuesEndEntityCertificatesForEveryKeySpec() throws Exception {
    TestCa ca = TestCa.create(KeySpec.ecP256(), CLOCK);
    BigInteger previous = BigInteger.ONE;
    for (KeySpec spec : List.of(KeySpec.sm2(), KeySpec.ecP256(), KeySpec.ecP384(),
        KeySpec.rsa(2048))) {
      TestCa.Issued issued = ca.issue("CN=" + spec + ",O=Finance", spec);
      X509Certificate cert = issued.certificate();
      assertEquals(spec, SoftKeys.specOf(cert.getPublicKey()), spec::toString);
      assertArrayEquals(SoftKeys.publicKeyOf(issued.privateKey()).getEncoded(),
          cert.getPublicKey().getEncoded(), () -> spec + ": certificate of another key");
      assertEquals(ca.rootCertificate().getSubjectX500Principal(),
          cert.getIssuerX500Principal(), spec::toString);
      assertEquals(-1, cert.getBasicConstraints(), () -> spec + ": end entity is a CA");
      assertTrue(cert.getKeyUsage()[0] && cert.getKeyUsage()[1],
          () -> spec + ": digitalSignature and nonRepudiation");
      assertEquals(1, cert.getSerialNumber().compareTo(previous), "serials count up");
      previous = cert.getSerialNumber();
      assertDoesNotThrow(() -> cert.verify(ca.rootCertificate().getPublicKey(), BC),
          spec::toString);
      cert.checkValidity(Date.from(NOW));
    }
  }

  @Test
  void issuedCertificateDoesNotVerifyUnderAnotherRoot() throws Exception {
    TestCa ca = TestCa.create(KeySpec.sm2(), CLOCK);
    TestCa other = TestCa.create(KeySpec.sm2(), CLOCK);
    X509Certificate cert = ca.issue("CN=someone", KeySpec.sm2()).certificate();
    assertThrows(SignatureException.class,
        () -> cert.verify(other.rootCertificate().getPublicKey(), BC));
  }

  @Test
  void issuesWithAnyValidityPeriod() throws UKeyException {
    TestCa ca = TestCa.create(KeySpec.sm2(), CLOCK);
    var key = SoftKeys.generate(KeySpec.sm2()).getPublic();
    X509Certificate expired = ca.issue("CN=expired", key, NOW.minus(Duration.ofDays(30)),
        NOW.minus(Duration.ofDays(1)));
    X509Certificate future = ca.issue("CN=future", key, NOW.plus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(30)));
    assertThrows(CertificateExpiredException.class, () -> expired.checkValidity(Date.from(NOW)));
    assertThrows(CertificateNotYetValidException.class,
        () -> future.checkValidity(Date.from(NOW)));
  }

  @Test
  void refusesAValidityThatIsNotPositive() {
    assertThrows(IllegalArgumentException.class, () -> TestCa.create(KeySpec.sm2(),
        TestCa.DEFAULT_ROOT_DN, CLOCK, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> TestCa.create(KeySpec.sm2(),
        TestCa.DEFAULT_ROOT_DN, CLOCK, Duration.ofDays(-1)));
  }
}
