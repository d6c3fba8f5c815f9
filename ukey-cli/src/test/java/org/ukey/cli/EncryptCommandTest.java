package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptCommandTest {
  private static final String KEY = "0123456789abcdeffedcba9876543210";
  private static final String IV = "000102030405060708090a0b0c0d0e0f";

  @TempDir
  Path home;

  @Test
  void sm4CbcAndCtrOutputsAreWhatOpensslEncWrites() throws Exception {
    Path in = Files.write(home.resolve("data.bin"), new byte[1000]);
    CliRunner cli = new CliRunner(home);
    for (String mode : new String[] {"sm4-cbc", "sm4-ctr"}) {
      Path out = home.resolve(mode + ".enc");
      CliRunner.Result r = cli.run("encrypt", "--alg", mode, "--key-hex", KEY, "--iv-hex", IV,
          "--in", in.toString(), "--out", out.toString());
      assertEquals(0, r.exit(), r.toString());
      assertFalse(r.out().contains(KEY), "the key is never printed");
      assertArrayEquals(Interop.openssl(home, "enc", "-" + mode, "-K", KEY, "-iv", IV, "-in",
          in.toString()), Files.readAllBytes(out), mode);
    }
  }

  @Test
  void sm2EncryptsToACertificateForOpensslToDecrypt() throws Exception {
    Path key = home.resolve("k.pem");
    Path cert = home.resolve("c.pem");
    Interop.openssl(home, "genpkey", "-algorithm", "SM2", "-out", key.toString());
    Interop.openssl(home, "req", "-x509", "-new", "-key", key.toString(), "-sm3", "-sigopt",
        "distid:1234567812345678", "-subj", "/CN=Recipient", "-days", "30", "-out",
        cert.toString());
    byte[] secret = "SM4 key 0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    Path in = Files.write(home.resolve("secret"), secret);
    Path out = home.resolve("secret.sm2");
    CliRunner.Result r = new CliRunner(home).run("encrypt", "--alg", "sm2", "--cert",
        cert.toString(), "--in", in.toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    assertArrayEquals(secret, Interop.openssl(home, "pkeyutl", "-decrypt", "-inkey",
        key.toString(), "-in", out.toString()));
  }

  @Test
  void refusesAWrongKeyLengthWithoutEchoingIt() throws Exception {
    Path in = Files.write(home.resolve("d"), new byte[16]);
    CliRunner.Result r = new CliRunner(home).run("encrypt", "--alg", "sm4-cbc", "--key-hex",
        "00112233", "--iv-hex", IV, "--in", in.toString(), "--out",
        home.resolve("o").toString());
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("16 bytes"), r.err());
    assertFalse(r.err().contains("00112233"), r.err());
    assertFalse(Files.exists(home.resolve("o")));
  }
}
