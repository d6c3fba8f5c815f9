package org.ukey.sm2.cipher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.SignatureVerificationException;
import org.ukey.sm2.interop.OpenSsl;

/** HMAC-SM3 vectors of GM/T 0042-2015 Appendix D.3. */
class Sm3HmacTest {
  @TempDir
  Path dir;

  @Test
  void matchesGmt0042AppendixD3Vector1() throws Exception {
    check("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
        ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            + "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
        "ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a");
  }

  @Test
  void matchesGmt0042AppendixD3Vector2() throws Exception {
    check("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425",
        Hex.decode("cd".repeat(50)),
        "220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae");
  }

  @Test
  void matchesGmt0042AppendixD3Vector3() throws Exception {
    check("0b".repeat(32), ascii("Hi There"),
        "c0ba18c68b90c88bc07de794bfc7d2c8d19ec31ed8773bc2b390c9604e0be11e");
  }

  @Test
  void matchesGmt0042AppendixD3Vector4WithAShortKey() throws Exception {
    check(Hex.toHexString(ascii("Jefe")), ascii("what do ya want for nothing?"),
        "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882");
  }

  @Test
  void agreesWithOpensslForAKeyLongerThanTheBlock() throws Exception {
    byte[] key = new byte[100];
    new java.util.Random(1).nextBytes(key);
    byte[] data = ascii("voucher 2026-11-22 amount 100.00");
    Path f = Files.write(dir.resolve("data"), data);
    String out = new String(OpenSsl.run(dir, "mac", "-digest", "SM3", "-macopt",
        "hexkey:" + Hex.toHexString(key), "-in", f.toString(), "HMAC"), StandardCharsets.US_ASCII);
    assertArrayEquals(Hex.decode(out.trim()), Sm3Hmac.withKey(key).mac(data));
  }

  @Test
  void rejectsAWrongTag() {
    Sm3Hmac mac = Sm3Hmac.withKey(new byte[32]);
    byte[] tag = mac.mac(ascii("a"));
    tag[31] ^= 1;
    assertThrows(SignatureVerificationException.class, () -> mac.verify(ascii("a"), tag));
    assertThrows(SignatureVerificationException.class,
        () -> mac.verify(ascii("a"), new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> Sm3Hmac.withKey(new byte[0]));
  }

  private static void check(String keyHex, byte[] data, String expectedHex) throws Exception {
    Sm3Hmac mac = Sm3Hmac.withKey(Hex.decode(keyHex));
    byte[] expected = Hex.decode(expectedHex);
    assertArrayEquals(expected, mac.mac(data));
    assertArrayEquals(expected, mac.mac(new ByteArrayInputStream(data)));
    mac.verify(data, expected);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
