package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.interop.OpenSsl;
import org.ukey.sm2.interop.TestIdentity;

class CertificateBuilderTest {
  @TempDir
  Path dir;

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
  void encodesSubjectAndIssuerCountryFirstAndPrintsThemAsWritten() throws Exception {
    String caDn = "CN=示范市数字证书认证中心,O=示范市财政局,C=CN";
    String userDn = "CN=张三,OU=国库支付中心,O=示范市财政局,C=CN";
    TestIdentity ca = TestIdentity.rootCa(caDn, KeySpec.sm2());
    X509Certificate cert = ca.issue(userDn, KeySpec.sm2()).certificate;
    TBSCertificate tbs = org.bouncycastle.asn1.x509.Certificate.getInstance(cert.getEncoded())
        .getTBSCertificate();
    assertEquals(List.of(BCStyle.C, BCStyle.O, BCStyle.OU, BCStyle.CN), types(tbs.getSubject()));
    assertEquals(List.of(BCStyle.C, BCStyle.O, BCStyle.CN), types(tbs.getIssuer()));
    assertEquals(userDn, DistinguishedNames.format(cert.getSubjectX500Principal()));
    assertEquals(caDn, DistinguishedNames.format(cert.getIssuerX500Principal()));
    assertEquals(DistinguishedNames.parse(caDn), cert.getIssuerX500Principal());
  }

  @Test
  void opensslShowsOurSubjectCountryFirstAndInRfc2253AsWritten() throws Exception {
    String dn = "CN=张三,OU=国库支付中心,O=示范市财政局,C=CN";
    Path f = Files.write(dir.resolve("c.der"),
        TestIdentity.rootCa(dn, KeySpec.sm2()).certificate.getEncoded());
    assertEquals("subject=C=CN,O=示范市财政局,OU=国库支付中心,CN=张三\n", new String(OpenSsl.run(dir,
        "x509", "-inform", "DER", "-in", f.toString(), "-noout", "-subject", "-nameopt",
        "utf8,sep_comma_plus"), StandardCharsets.UTF_8));
    assertEquals("subject=" + dn + "\n", new String(OpenSsl.run(dir, "x509", "-inform", "DER",
        "-in", f.toString(), "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"),
        StandardCharsets.UTF_8));
    String asn1 = new String(OpenSsl.run(dir, "asn1parse", "-inform", "DER", "-in",
        f.toString()), StandardCharsets.UTF_8);
    int country = asn1.indexOf(":countryName");
    assertTrue(country > 0 && country < asn1.indexOf(":commonName"), asn1);
    assertTrue(asn1.contains("PRINTABLESTRING   :CN"), asn1);
    assertTrue(asn1.contains("UTF8STRING        :张三"), asn1);
  }

  @Test
  void refusesAMalformedSubject() throws Exception {
    KeyPair kp = SoftKeys.generate(KeySpec.sm2());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CertificateBuilder.forSubject("张三,财政局", kp.getPublic()));
    assertTrue(e.getMessage().contains("RFC 4514"), e.getMessage());
  }

  private static List<ASN1ObjectIdentifier> types(X500Name name) {
    List<ASN1ObjectIdentifier> out = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      out.add(rdn.getFirst().getType());
    }
    return out;
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
