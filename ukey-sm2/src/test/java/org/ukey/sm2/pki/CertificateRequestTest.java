package org.ukey.sm2.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.api.Signer;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.interop.OpenSsl;

class CertificateRequestTest {
  @TempDir
  Path dir;

  @Test
  void opensslVerifiesOurSm2RequestWithTheDefaultId() throws Exception {
    CertificateRequest csr = CertificateRequest.create("CN=Li Si,OU=Treasury,O=Finance,C=CN",
        signer(KeySpec.sm2(), SignatureAlgorithm.SM3_WITH_SM2));
    csr.verify();
    Path f = Files.writeString(dir.resolve("req.pem"), csr.toPem());
    // OpenSSL 3.0's req -verify exits 0 either way; its verdict is in the message.
    OpenSsl.Result ok = OpenSsl.tryRun(dir, null, "req", "-verify", "-vfyopt",
        "distid:1234567812345678", "-in", f.toString(), "-noout");
    assertTrue(ok.stderr().contains("verify OK"), ok.stderr());
    OpenSsl.Result wrongId = OpenSsl.tryRun(dir, null, "req", "-verify", "-vfyopt",
        "distid:1234567812345679", "-in", f.toString(), "-noout");
    assertTrue(wrongId.stderr().contains("verify failure"), "OpenSSL must reject another ID: "
        + wrongId.stderr());
  }

  @Test
  void opensslVerifiesOurRsaAndEcdsaRequests() throws Exception {
    for (SignatureAlgorithm alg : new SignatureAlgorithm[] {SignatureAlgorithm.SHA256_WITH_RSA,
        SignatureAlgorithm.SHA256_WITH_RSA_PSS, SignatureAlgorithm.SHA256_WITH_ECDSA}) {
      KeySpec spec = alg.keyType() == org.ukey.api.KeyType.RSA ? KeySpec.rsa(2048)
          : KeySpec.ecP256();
      CertificateRequest csr = CertificateRequest.create("CN=" + alg.cliName(),
          signer(spec, alg));
      csr.verify();
      assertEquals(alg, csr.signatureAlgorithm());
      Path f = Files.write(dir.resolve("req.der"), csr.encoded());
      OpenSsl.Result ok = OpenSsl.tryRun(dir, null, "req", "-verify", "-inform", "DER", "-in",
          f.toString(), "-noout");
      assertTrue(ok.stderr().contains("verify OK"), alg + ": " + ok.stderr());
    }
  }

  @Test
  void readsAndVerifiesAnSm2RequestMadeByOpenssl() throws Exception {
    Path key = dir.resolve("k.pem");
    OpenSsl.run(dir, "genpkey", "-algorithm", "SM2", "-out", key.toString());
    byte[] pem = OpenSsl.run(dir, "req", "-new", "-key", key.toString(), "-sm3", "-sigopt",
        "distid:1234567812345678", "-subj", "/C=CN/O=Peer/CN=Wang Wu");
    CertificateRequest csr = CertificateRequest.parse(pem);
    csr.verify();
    assertEquals("CN=Wang Wu,O=Peer,C=CN", csr.subject());
    assertEquals(KeySpec.sm2(), SoftKeys.specOf(csr.publicKey()));
  }

  @Test
  void opensslShowsOurRequestSubjectCountryFirstAndWeShowItAsWritten() throws Exception {
    String dn = "CN=李四,OU=国库支付中心,O=示范市财政局,C=CN";
    CertificateRequest csr = CertificateRequest.create(dn,
        signer(KeySpec.sm2(), SignatureAlgorithm.SM3_WITH_SM2));
    assertEquals(dn, csr.subject());
    assertEquals(dn, CertificateRequest.parse(csr.encoded()).subject());
    Path f = Files.writeString(dir.resolve("req.pem"), csr.toPem());
    assertEquals("subject=C=CN,O=示范市财政局,OU=国库支付中心,CN=李四\n", new String(OpenSsl.run(dir,
        "req", "-in", f.toString(), "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus"),
        StandardCharsets.UTF_8));
    assertEquals("subject=" + dn + "\n", new String(OpenSsl.run(dir, "req", "-in",
        f.toString(), "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"),
        StandardCharsets.UTF_8));
  }

  @Test
  void rejectsARequestSignedWithAnotherId() throws Exception {
    Signer s = signer(KeySpec.sm2(), SignatureAlgorithm.SM3_WITH_SM2
        .withSm2UserId("ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII)));
    CertificateRequest csr = CertificateRequest.create("CN=Alice", s);
    assertThrows(SignatureVerificationException.class, csr::verify);
  }

  @Test
  void rejectsATamperedRequest() throws Exception {
    CertificateRequest csr = CertificateRequest.create("CN=Zhao Liu",
        signer(KeySpec.sm2(), SignatureAlgorithm.SM3_WITH_SM2));
    byte[] der = csr.encoded();
    int at = CertificatesTest.indexOf(der, "Zhao".getBytes(StandardCharsets.US_ASCII));
    der[at] = 'X';
    CertificateRequest tampered = CertificateRequest.parse(der);
    assertThrows(SignatureVerificationException.class, tampered::verify);
  }

  @Test
  void rejectsTruncatedAndPaddedRequests() throws Exception {
    byte[] der = CertificateRequest.create("CN=x",
        signer(KeySpec.sm2(), SignatureAlgorithm.SM3_WITH_SM2)).encoded();
    assertThrows(InvalidEncodingException.class,
        () -> CertificateRequest.parse(Arrays.copyOf(der, der.length - 1)));
    assertThrows(InvalidEncodingException.class,
        () -> CertificateRequest.parse(Arrays.copyOf(der, der.length + 1)));
    assertThrows(InvalidEncodingException.class,
        () -> CertificateRequest.parse("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.US_ASCII)));
  }

  private static Signer signer(KeySpec spec, SignatureAlgorithm alg) throws Exception {
    KeyPair kp = SoftKeys.generate(spec);
    return SoftSigners.create(kp.getPrivate(), kp.getPublic(), null, alg);
  }
}
