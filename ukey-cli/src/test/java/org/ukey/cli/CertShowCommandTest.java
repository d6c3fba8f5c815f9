package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertShowCommandTest {
  @TempDir
  Path home;

  @Test
  void showsTheOfdrwSignerCertificate() {
    CliRunner cli = new CliRunner(home);
    CliRunner.Result r = cli.run("--json", "cert", "show",
        Interop.seals().resolve("ofdrw-sign_cert.pem").toString());
    assertEquals(0, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals("sm2", doc.get("key"));
    assertEquals("sm3-sm2", doc.get("signatureAlgorithm"));
    assertEquals("17af20e3374", doc.get("serial"));
    assertEquals(false, doc.get("ca"));
    CliRunner.Result text = cli.run("cert", "show",
        Interop.seals().resolve("ofdrw-sign_cert.pem").toString());
    assertTrue(text.out().contains("Subject:      CN=Test Certificate"), text.out());
  }

  @Test
  void printsNamesInRfc4514FormLastRdnFirstAsOpensslRfc2253Does() throws Exception {
    Path pem = Interop.seals().resolve("ofdrw-sign_cert.pem");
    CliRunner.Result r = new CliRunner(home).run("--json", "cert", "show", pem.toString());
    assertEquals(0, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals("CN=Test Certificate,L=Hangzhou,ST=Zhejiang,O=OFD R&W,C=CN", doc.get("subject"));
    assertEquals("subject=" + doc.get("subject") + "\nissuer=" + doc.get("issuer") + "\n",
        new String(Interop.openssl(home, "x509", "-in", pem.toString(), "-noout", "-subject",
            "-issuer", "-nameopt", "RFC2253,-esc_msb"), StandardCharsets.UTF_8));
  }

  @Test
  void printsACertificateMadeByOpensslAsItsSubjIsWrittenInRfc4514() throws Exception {
    Path key = home.resolve("k.pem");
    Interop.openssl(home, "genpkey", "-algorithm", "SM2", "-out", key.toString());
    Path cert = home.resolve("c.pem");
    Interop.openssl(home, "req", "-x509", "-new", "-key", key.toString(), "-sm3", "-sigopt",
        "distid:1234567812345678", "-utf8", "-subj", "/C=CN/O=示范市财政局/CN=李四", "-days", "30",
        "-out", cert.toString());
    CliRunner.Result r = new CliRunner(home).run("cert", "show", cert.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Subject:      CN=李四,O=示范市财政局,C=CN\n"), r.out());
  }

  @Test
  void rejectsATruncatedCertificateWithExit2() throws Exception {
    byte[] der = Interop.openssl(home, "x509", "-in",
        Interop.seals().resolve("ofdrw-sign_cert.pem").toString(), "-outform", "DER");
    Path cut = Files.write(home.resolve("cut.der"), java.util.Arrays.copyOf(der, der.length - 10));
    CliRunner.Result r = new CliRunner(home).run("cert", "show", cut.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("Certificate"), r.err());
  }
}
