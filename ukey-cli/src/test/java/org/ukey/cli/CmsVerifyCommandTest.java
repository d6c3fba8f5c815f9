package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmsVerifyCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;
  private Path voucher;
  private Path cert;

  @BeforeEach
  void signed() throws Exception {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "clerk");
    cli = TestTokens.userRunner(home, home.resolve("store"));
    voucher = Files.writeString(home.resolve("voucher.xml"), DemoCommand.voucher("66.00"),
        StandardCharsets.UTF_8);
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "sm2", "--self-signed",
        "CN=SM2 Clerk", "--days", "30").exit());
    cert = home.resolve("sm2.pem");
    assertEquals(0, cli.run("cert", "export", "--label", "sm2", "--out", cert.toString())
        .exit());
  }

  @Test
  void verifiesAttachedWithTrustAndExtractsTheContent() throws Exception {
    Path p7 = home.resolve("a.p7");
    assertEquals(0, cli.run("cms", "sign", "--key", "sm2", "--in", voucher.toString(), "--out",
        p7.toString()).exit());
    Path out = home.resolve("content.xml");
    CliRunner.Result r = cli.run("--json", "cms", "verify", "--in", p7.toString(), "--trust",
        cert.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals(true, doc.get("valid"));
    assertEquals(true, doc.get("trusted"));
    assertArrayEquals(Files.readAllBytes(voucher), Files.readAllBytes(out));
  }

  @Test
  void exit1WhenTheDetachedContentWasChanged() throws Exception {
    Path p7 = home.resolve("d.p7");
    assertEquals(0, cli.run("cms", "sign", "--key", "sm2", "--in", voucher.toString(), "--out",
        p7.toString(), "--detached").exit());
    assertEquals(0, cli.run("cms", "verify", "--in", p7.toString(), "--content",
        voucher.toString()).exit());
    Files.writeString(voucher, DemoCommand.voucher("66000.00"), StandardCharsets.UTF_8);
    CliRunner.Result r = cli.run("cms", "verify", "--in", p7.toString(), "--content",
        voucher.toString());
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().contains("INVALID"), r.out());
  }

  @Test
  void exit2WithOneLineWhenTheContentOfADetachedSignedDataIsMissing() throws Exception {
    Path p7 = home.resolve("d.p7");
    assertEquals(0, cli.run("cms", "sign", "--key", "sm2", "--in", voucher.toString(), "--out",
        p7.toString(), "--detached").exit());
    CliRunner.Result r = cli.run("cms", "verify", "--in", p7.toString());
    assertEquals(2, r.exit(), r.toString());
    assertEquals("", r.out(), r.toString());
    assertEquals("ukey: " + p7 + " is a detached SignedData: give the signed file with"
        + " --content FILE\n", r.err());
  }

  @Test
  void exit2WhenContentIsGivenForAnAttachedSignedData() throws Exception {
    Path p7 = home.resolve("a.p7");
    assertEquals(0, cli.run("cms", "sign", "--key", "sm2", "--in", voucher.toString(), "--out",
        p7.toString()).exit());
    CliRunner.Result r = cli.run("cms", "verify", "--in", p7.toString(), "--content",
        voucher.toString());
    assertEquals(2, r.exit(), r.toString());
    assertEquals("ukey: " + p7 + " carries its content: leave out --content\n", r.err());
  }

  @Test
  void exit1WhenTheSignerIsNotTrusted() throws Exception {
    Path p7 = home.resolve("a.p7");
    assertEquals(0, cli.run("cms", "sign", "--key", "sm2", "--in", voucher.toString(), "--out",
        p7.toString()).exit());
    CliRunner.Result r = cli.run("cms", "verify", "--in", p7.toString(), "--trust",
        Interop.seals().resolve("ofdrw-sign_cert.pem").toString());
    assertEquals(1, r.exit(), r.toString());
  }

  @Test
  void verifiesOpensslSignedDataAndExit2OnGarbage() throws Exception {
    Path key = home.resolve("ec.key");
    Path ecCert = home.resolve("ec.pem");
    Interop.openssl(home, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-out", key.toString());
    Interop.openssl(home, "req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=EC",
        "-days", "30", "-out", ecCert.toString());
    Path p7 = home.resolve("o.p7");
    Interop.openssl(home, "cms", "-sign", "-binary", "-nodetach", "-in", voucher.toString(),
        "-signer", ecCert.toString(), "-inkey", key.toString(), "-outform", "DER", "-out",
        p7.toString());
    assertEquals(0, cli.run("cms", "verify", "--in", p7.toString(), "--trust",
        ecCert.toString()).exit());
    Path junk = Files.write(home.resolve("junk.p7"), new byte[] {0x30, 0x05, 0x01});
    assertEquals(2, cli.run("cms", "verify", "--in", junk.toString()).exit());
  }
}
