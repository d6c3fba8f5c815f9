package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;
  private Path voucher;
  private Path sig;
  private Path pub;

  @BeforeEach
  void signed() throws Exception {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "cashier");
    cli = TestTokens.userRunner(home, home.resolve("store"));
    pub = home.resolve("k.pub.pem");
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "k", "--public-out",
        pub.toString(), "--self-signed", "CN=出纳,O=财政局").exit());
    voucher = home.resolve("voucher.xml");
    Files.writeString(voucher, DemoCommand.voucher("1,000.00"), StandardCharsets.UTF_8);
    sig = home.resolve("voucher.sig");
    assertEquals(0, cli.run("sign", "--key", "k", "--in", voucher.toString(), "--out",
        sig.toString()).exit());
  }

  private CliRunner.Result verify(String... keySource) {
    String[] args = new String[keySource.length + 5];
    args[0] = "verify";
    System.arraycopy(keySource, 0, args, 1, keySource.length);
    args[keySource.length + 1] = "--in";
    args[keySource.length + 2] = voucher.toString();
    args[keySource.length + 3] = "--sig";
    args[keySource.length + 4] = sig.toString();
    return cli.run(args);
  }

  @Test
  void acceptsAValidSignatureWithTheKeyOnTheToken() {
    CliRunner.Result r = verify("--key", "k");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("Signature valid: " + voucher + " (sm3-sm2, der)\n", r.out());
  }

  @Test
  void acceptsAValidSignatureWithAPublicKeyFile() {
    assertEquals(0, verify("--public", pub.toString()).exit());
  }

  @Test
  void acceptsAValidSignatureWithThePemOrDerCertificate() throws Exception {
    Path pemCert = home.resolve("k.crt.pem");
    Path derCert = home.resolve("k.crt.der");
    X509Export.write(cli, "k", pemCert, derCert);
    assertEquals(0, verify("--cert", pemCert.toString()).exit());
    assertEquals(0, verify("--cert", derCert.toString()).exit());
  }

  @Test
  void rejectsATamperedFileWithExit1() throws Exception {
    Files.writeString(voucher, DemoCommand.voucher("9,000.00"), StandardCharsets.UTF_8);
    CliRunner.Result r = verify("--public", pub.toString());
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().startsWith("Signature INVALID: "), r.out());
    assertEquals("", r.err());
  }

  @Test
  void rejectsASignatureMadeWithAnotherUserId() {
    CliRunner.Result r = cli.run("verify", "--public", pub.toString(), "--in",
        voucher.toString(), "--sig", sig.toString(), "--id", "someone@else");
    assertEquals(1, r.exit(), r.toString());
  }

  @Test
  void acceptsARawSignature() throws Exception {
    Path raw = home.resolve("voucher.raw");
    assertEquals(0, cli.run("sign", "--key", "k", "--format", "raw", "--in",
        voucher.toString(), "--out", raw.toString()).exit());
    CliRunner.Result r = cli.run("--json", "verify", "--public", pub.toString(), "--in",
        voucher.toString(), "--sig", raw.toString());
    assertEquals(0, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals(true, doc.get("valid"));
    assertEquals("raw", doc.get("signatureFormat"));
  }

  @Test
  void rejectsBytesThatAreNoSignatureWithExit1() throws Exception {
    Files.write(sig, new byte[] {1, 2, 3});
    CliRunner.Result r = cli.run("--json", "verify", "--public", pub.toString(), "--in",
        voucher.toString(), "--sig", sig.toString());
    assertEquals(1, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals(false, doc.get("valid"));
    assertEquals("not a signature: not strict DER (signature at offset 0: expected SEQUENCE"
        + " (0x30)) and not raw r||s (64 bytes for this key, not 3)", doc.get("reason"));
  }

  @Test
  void reportsAMissingSignatureFileWithExit2() {
    sig = home.resolve("absent.sig");
    CliRunner.Result r = verify("--public", pub.toString());
    assertEquals(2, r.exit());
    assertEquals("ukey: " + sig + ": no such file or directory\n", r.err());
  }

  @Test
  void reportsAFileThatIsNoCertificateWithExit2() throws Exception {
    Path notCert = home.resolve("not.crt");
    Files.writeString(notCert, "hello");
    CliRunner.Result r = verify("--cert", notCert.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("ukey: certificate " + notCert + ": not an X.509"),
        r.err());
  }

  /** Writes the key's certificate, as {@code ukey keys} sees it, in PEM and DER. */
  private static final class X509Export {
    static void write(CliRunner cli, String label, Path pem, Path der) throws Exception {
      // The CLI has no "cert export" yet (a later issue); read the store through the API.
      java.security.cert.X509Certificate cert;
      try (var provider = org.ukey.sm2.soft.SoftTokens.open(
          Path.of(cli.environmentVariable("UKEY_STORE")));
          var pin = org.ukey.api.Pin.of(TestTokens.USER_PIN.toCharArray());
          var session = provider.tokens().get(0).login(pin)) {
        cert = session.key(label).certificate().orElseThrow();
      }
      Files.writeString(pem, Pem.encode("CERTIFICATE", cert.getEncoded()));
      Files.write(der, cert.getEncoded());
    }
  }
}
