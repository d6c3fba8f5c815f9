package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertExportCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;

  @BeforeEach
  void token() {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "clerk");
    cli = TestTokens.userRunner(home, home.resolve("store"));
  }

  @Test
  void exportsTheCertificateThatOpensslReads() throws Exception {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "signer", "--self-signed",
        "CN=Signer,O=Finance,C=CN", "--days", "30").exit());
    Path out = home.resolve("signer.pem");
    CliRunner.Result r = cli.run("cert", "export", "--label", "signer", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    String subject = new String(Interop.openssl(home, "x509", "-in", out.toString(), "-noout",
        "-subject"));
    assertTrue(subject.contains("CN = Signer"), subject);
    CliRunner.Result stdout = cli.run("cert", "export", "--label", "signer");
    assertEquals(Files.readString(out), stdout.out());
  }

  @Test
  void opensslSeesTheSubjectCountryFirstAndCertShowPrintsItAsTyped() throws Exception {
    String dn = "CN=张三,OU=国库支付中心,O=示范市财政局,C=CN";
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "seal", "--self-signed", dn,
        "--days", "30").exit());
    Path out = home.resolve("seal.pem");
    CliRunner.Result r = cli.run("--json", "cert", "export", "--label", "seal", "--out",
        out.toString());
    assertEquals(0, r.exit(), r.toString());
    assertEquals(dn, r.json().get("subject"));
    assertEquals("subject=C=CN,O=示范市财政局,OU=国库支付中心,CN=张三\n"
        + "issuer=C=CN,O=示范市财政局,OU=国库支付中心,CN=张三\n",
        new String(Interop.openssl(home, "x509", "-in", out.toString(), "-noout", "-subject",
            "-issuer", "-nameopt", "utf8,sep_comma_plus"), StandardCharsets.UTF_8));
    CliRunner.Result show = cli.run("cert", "show", out.toString());
    assertEquals(0, show.exit(), show.toString());
    assertTrue(show.out().contains("Subject:      " + dn + "\n"), show.out());
    assertTrue(show.out().contains("Issuer:       " + dn + "\n"), show.out());
  }

  @Test
  void failsWhenTheKeyHasNoCertificate() {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "bare").exit());
    CliRunner.Result r = cli.run("cert", "export", "--label", "bare");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("no certificate"), r.err());
  }
}
