package org.ukey.sm2.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.SignatureVerificationException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.pki.KeyFileReader;

/**
 * SM2 signatures between the SDK and OpenSSL 3 both ways, with the GM/T 0009 default user ID
 * ({@code openssl pkeyutl -rawin -digest sm3 -pkeyopt distid:1234567812345678}), and the
 * failures of another ID on either side.
 */
class OpenSslSignatureInteropTest {
  private static final byte[] MESSAGE =
      "财政国库支付凭证 2026-11-22 ¥1,000.00".getBytes(StandardCharsets.UTF_8);
  private static final String DEFAULT_ID = "distid:1234567812345678";

  @TempDir
  Path dir;

  @Test
  void opensslVerifiesOurSm2SignatureWithTheDefaultIdOnly() throws Exception {
    KeyPair kp = SoftKeys.generate(KeySpec.sm2());
    byte[] sig = SoftSigners.create(kp.getPrivate(), kp.getPublic(), null,
        SignatureAlgorithm.SM3_WITH_SM2).sign(MESSAGE);
    Path pub = Files.writeString(dir.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(kp.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n");
    Path msg = Files.write(dir.resolve("msg"), MESSAGE);
    Path sigFile = Files.write(dir.resolve("sig"), sig);
    OpenSsl.Result ok = OpenSsl.tryRun(dir, null, "pkeyutl", "-verify", "-pubin", "-inkey",
        pub.toString(), "-rawin", "-digest", "sm3", "-pkeyopt", DEFAULT_ID, "-in",
        msg.toString(), "-sigfile", sigFile.toString());
    assertEquals(0, ok.exit, ok.stdout() + ok.stderr());
    assertTrue(ok.stdout().contains("Signature Verified Successfully"), ok.stdout());
    OpenSsl.Result otherId = OpenSsl.tryRun(dir, null, "pkeyutl", "-verify", "-pubin",
        "-inkey", pub.toString(), "-rawin", "-digest", "sm3", "-pkeyopt",
        "distid:ALICE123@YAHOO.COM", "-in", msg.toString(), "-sigfile", sigFile.toString());
    assertEquals(1, otherId.exit, otherId.stdout());
  }

  @Test
  void weVerifyOpensslsSm2SignatureWithTheDefaultIdOnly() throws Exception {
    Path key = dir.resolve("key.pem");
    OpenSsl.run(dir, "genpkey", "-algorithm", "SM2", "-out", key.toString());
    Path msg = Files.write(dir.resolve("msg"), MESSAGE);
    byte[] sig = OpenSsl.run(dir, "pkeyutl", "-sign", "-inkey", key.toString(), "-rawin",
        "-digest", "sm3", "-pkeyopt", DEFAULT_ID, "-in", msg.toString());
    PublicKey pub = KeyFileReader.readPublicKey(OpenSsl.run(dir, "pkey", "-in", key.toString(),
        "-pubout"));
    SoftVerifiers.verify(pub, SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig);
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(pub,
        SignatureAlgorithm.SM3_WITH_SM2.withSm2UserId(
            "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII)), MESSAGE, sig));
    byte[] otherMessage = MESSAGE.clone();
    otherMessage[0] ^= 1;
    assertThrows(SignatureVerificationException.class, () -> SoftVerifiers.verify(pub,
        SignatureAlgorithm.SM3_WITH_SM2, otherMessage, sig));
  }
}
