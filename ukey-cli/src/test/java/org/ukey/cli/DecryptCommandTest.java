package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecryptCommandTest {
  private static final String KEY = "00112233445566778899aabbccddeeff";

  @TempDir
  Path home;

  @Test
  void decryptsWhatOpensslPkeyutlEncryptedToAKeyOnTheToken() throws Exception {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "clerk");
    CliRunner cli = TestTokens.userRunner(home, home.resolve("store"));
    Path pub = home.resolve("pub.pem");
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "enc", "--public-out",
        pub.toString()).exit());
    byte[] secret = "wrapped SM4 key".getBytes(StandardCharsets.US_ASCII);
    Path in = Files.write(home.resolve("secret"), secret);
    Path ct = home.resolve("secret.sm2");
    Interop.openssl(home, "pkeyutl", "-encrypt", "-pubin", "-inkey", pub.toString(), "-in",
        in.toString(), "-out", ct.toString());
    Path out = home.resolve("secret.out");
    CliRunner.Result r = cli.run("decrypt", "--alg", "sm2", "--key", "enc", "--in",
        ct.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    assertArrayEquals(secret, Files.readAllBytes(out));
    byte[] tampered = Files.readAllBytes(ct);
    tampered[tampered.length - 1] ^= 1;
    Files.write(ct, tampered);
    Path none = home.resolve("none.out");
    CliRunner.Result bad = cli.run("decrypt", "--alg", "sm2", "--key", "enc", "--in",
        ct.toString(), "--out", none.toString());
    assertEquals(2, bad.exit(), bad.toString());
    assertFalse(Files.exists(none));
  }

  @Test
  void decryptsOpensslSm4CbcAndCtrAndRoundTripsGcm() throws Exception {
    byte[] data = new byte[3001];
    new Random(9).nextBytes(data);
    Path plain = Files.write(home.resolve("plain"), data);
    CliRunner cli = new CliRunner(home);
    String iv = "0f0e0d0c0b0a09080706050403020100";
    for (String mode : new String[] {"sm4-cbc", "sm4-ctr"}) {
      Path ct = Files.write(home.resolve(mode), Interop.openssl(home, "enc", "-" + mode, "-K",
          KEY, "-iv", iv, "-in", plain.toString()));
      Path out = home.resolve(mode + ".out");
      CliRunner.Result r = cli.run("decrypt", "--alg", mode, "--key-hex", KEY, "--iv-hex", iv,
          "--in", ct.toString(), "--out", out.toString());
      assertEquals(0, r.exit(), r.toString());
      assertArrayEquals(data, Files.readAllBytes(out), mode);
    }
    Path gcm = home.resolve("gcm");
    String nonce = "000102030405060708090a0b";
    assertEquals(0, cli.run("encrypt", "--alg", "sm4-gcm", "--key-hex", KEY, "--iv-hex", nonce,
        "--aad-hex", "cafe", "--in", plain.toString(), "--out", gcm.toString()).exit());
    Path back = home.resolve("gcm.out");
    assertEquals(0, cli.run("decrypt", "--alg", "sm4-gcm", "--key-hex", KEY, "--iv-hex", nonce,
        "--aad-hex", "cafe", "--in", gcm.toString(), "--out", back.toString()).exit());
    assertArrayEquals(data, Files.readAllBytes(back));
  }

  @Test
  void leavesNoOutputWhenTheGcmTagDoesNotMatch() throws Exception {
    Path plain = Files.write(home.resolve("plain"), new byte[100_000]);
    CliRunner cli = new CliRunner(home);
    String nonce = "000102030405060708090a0b";
    Path gcm = home.resolve("gcm");
    assertEquals(0, cli.run("encrypt", "--alg", "sm4-gcm", "--key-hex", KEY, "--iv-hex", nonce,
        "--in", plain.toString(), "--out", gcm.toString()).exit());
    byte[] ct = Files.readAllBytes(gcm);
    ct[10] ^= 1;
    Files.write(gcm, ct);
    Path out = home.resolve("out");
    CliRunner.Result r = cli.run("decrypt", "--alg", "sm4-gcm", "--key-hex", KEY, "--iv-hex",
        nonce, "--in", gcm.toString(), "--out", out.toString());
    assertEquals(2, r.exit(), r.toString());
    assertFalse(Files.exists(out));
    try (var files = Files.list(home)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
          "no temporary file left");
    }
  }
}
