package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmsSignCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;
  private Path voucher;

  @BeforeEach
  void token() throws Exception {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "clerk");
    cli = TestTokens.userRunner(home, home.resolve("store"));
    voucher = Files.writeString(home.resolve("voucher.xml"), DemoCommand.voucher("88.00"),
        StandardCharsets.UTF_8);
  }

  @Test
  void opensslVerifiesAnRsaSignedDataMadeOnTheToken() throws Exception {
    assertEquals(0, cli.run("keygen", "--alg", "rsa2048", "--label", "rsa", "--self-signed",
        "CN=RSA Clerk", "--days", "30").exit());
    Path cert = home.resolve("rsa.pem");
    assertEquals(0, cli.run("cert", "export", "--label", "rsa", "--out", cert.toString())
        .exit());
    Path p7 = home.resolve("v.p7");
    CliRunner.Result r = cli.run("cms", "sign", "--key", "rsa", "--in", voucher.toString(),
        "--out", p7.toString());
    assertEquals(0, r.exit(), r.toString());
    assertArrayEquals(Files.readAllBytes(voucher), Interop.openssl(home, "cms", "-verify",
        "-binary", "-inform", "DER", "-in", p7.toString(), "-CAfile", cert.toString(),
        "-purpose", "any"));
  }

  @Test
  void signsDetachedWithGmOidsForSm2() throws Exception {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "sm2", "--self-signed",
        "CN=SM2 Clerk", "--days", "30").exit());
    Path p7 = home.resolve("v.p7");
    CliRunner.Result r = cli.run("--json", "cms", "sign", "--key", "sm2", "--in",
        voucher.toString(), "--out", p7.toString(), "--detached");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("gm", r.json().get("profile"));
    String dump = new String(Interop.openssl(home, "asn1parse", "-inform", "DER", "-in",
        p7.toString()));
    assertTrue(dump.contains("1.2.156.10197.6.1.4.2.2"), dump);
  }

  @Test
  void refusesAKeyWithoutCertificate() {
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "bare").exit());
    CliRunner.Result r = cli.run("cms", "sign", "--key", "bare", "--in", voucher.toString(),
        "--out", home.resolve("x.p7").toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("no certificate"), r.err());
  }
}
