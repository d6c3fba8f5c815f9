package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void rejectsATruncatedCertificateWithExit2() throws Exception {
    byte[] der = Interop.openssl(home, "x509", "-in",
        Interop.seals().resolve("ofdrw-sign_cert.pem").toString(), "-outform", "DER");
    Path cut = Files.write(home.resolve("cut.der"), java.util.Arrays.copyOf(der, der.length - 10));
    CliRunner.Result r = new CliRunner(home).run("cert", "show", cut.toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("Certificate"), r.err());
  }
}
