package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.sm2.SignatureCodec;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.SoftVerifiers;

class SignCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;
  private Path voucher;
  private PublicKey sm2Key;

  @BeforeEach
  void token() throws Exception {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "cashier");
    cli = TestTokens.userRunner(home, home.resolve("store"));
    Path pem = home.resolve("sm2.pem");
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "sm2", "--public-out",
        pem.toString()).exit());
    sm2Key = KeyFiles.publicKey(pem);
    voucher = home.resolve("voucher.xml");
    Files.writeString(voucher, DemoCommand.voucher("1,000.00"), StandardCharsets.UTF_8);
  }

  @Test
  void signsAFileWithSm2AsDerThatVerifiesInSoftware() throws Exception {
    Path sig = home.resolve("voucher.sig");
    CliRunner.Result r = cli.run("sign", "--key", "sm2", "--in", voucher.toString(), "--out",
        sig.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("(sm3-sm2, der, "), r.out());
    SoftVerifiers.verify(sm2Key, SignatureAlgorithm.SM3_WITH_SM2, Files.readAllBytes(voucher),
        Files.readAllBytes(sig));
  }

  @Test
  void signsRawRsWithAUserIdWhenAsked() throws Exception {
    Path sig = home.resolve("voucher.raw");
    CliRunner.Result r = cli.run("--json", "sign", "--key", "sm2", "--in", voucher.toString(),
        "--out", sig.toString(), "--format", "raw", "--id", "zhangsan@finance");
    assertEquals(0, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals("raw", doc.get("format"));
    assertEquals(64L, doc.get("signatureLength"));
    byte[] der = SignatureCodec.rawToDer(Files.readAllBytes(sig), Sm2.order());
    SignatureAlgorithm withId = SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(
        "zhangsan@finance".getBytes(StandardCharsets.UTF_8));
    SoftVerifiers.verify(sm2Key, withId, Files.readAllBytes(voucher), der);
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(sm2Key,
        SignatureAlgorithm.SM3_WITH_SM2, Files.readAllBytes(voucher), der));
  }

  @Test
  void streamsTheFileInsteadOfReadingItWhole() throws Exception {
    Path big = home.resolve("big.bin");
    byte[] block = new byte[1 << 20];
    try (var out = Files.newOutputStream(big)) {
      for (int i = 0; i < 8; i++) {
        block[0] = (byte) i;
        out.write(block);
      }
    }
    Path sig = home.resolve("big.sig");
    assertEquals(0, cli.run("sign", "--key", "sm2", "--in", big.toString(), "--out",
        sig.toString()).exit());
    try (InputStream in = Files.newInputStream(big)) {
      SoftVerifiers.create(sm2Key, SignatureAlgorithm.SM3_WITH_SM2).verify(in,
          Files.readAllBytes(sig));
    }
  }

  @Test
  void reportsAMissingKeyOnOneLineWithoutAStackTrace() {
    Path sig = home.resolve("x.sig");
    CliRunner.Result r = cli.run("sign", "--key", "nokey", "--in", voucher.toString(), "--out",
        sig.toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("ukey: ") && r.err().contains("nokey"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(sig));
  }

  @Test
  void reportsAMissingInputBeforeAskingForThePin() {
    CliRunner.Result r = new CliRunner(home).env("UKEY_STORE", home.resolve("store").toString())
        .run("sign", "--key", "sm2", "--in", home.resolve("absent.xml").toString(), "--out",
            home.resolve("x.sig").toString());
    assertEquals(2, r.exit());
    assertEquals("ukey: " + home.resolve("absent.xml") + ": no such file or directory\n",
        r.err());
  }

  @Test
  void refusesAnAlgorithmForAnotherKeyType() {
    CliRunner.Result r = cli.run("sign", "--key", "sm2", "--alg", "sha256-rsa", "--in",
        voucher.toString(), "--out", home.resolve("x.sig").toString());
    assertEquals(2, r.exit());
    assertEquals("ukey: --alg sha256-rsa needs an RSA key; this key is sm2\n", r.err());
  }

  @Test
  void refusesAnUnknownFormat() {
    CliRunner.Result r = cli.run("sign", "--key", "sm2", "--format", "pem", "--in",
        voucher.toString(), "--out", home.resolve("x.sig").toString());
    assertEquals(2, r.exit());
    assertEquals("ukey: --format must be der or raw, was 'pem'\n", r.err());
  }
}
