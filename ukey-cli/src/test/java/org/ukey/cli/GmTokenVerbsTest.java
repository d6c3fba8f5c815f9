package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.api.Session;
import org.ukey.api.Pin;
import org.ukey.testkit.ReferenceVerifier;
import org.ukey.testkit.gm.GmToken;
import org.ukey.testkit.gm.GmTokenExtension;
import org.ukey.testkit.gm.GmVendor;

/**
 * {@code ukey --pkcs11 libukeygm.so keygen --alg sm2}, {@code sign} and {@code verify} on the GM
 * soft token's Sansec and TASS slots, in this JVM and in a child process given only
 * {@code UKEY_GM_CONFIG}, as the README's section "The GM soft token" shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GmTokenVerbsTest {
  @RegisterExtension
  static final GmTokenExtension GM = GmTokenExtension.with(
      GmToken.builder().slots(GmVendor.SANSEC, GmVendor.TASS).label("cashier"));

  @TempDir
  static Path home;

  private static CliRunner cli(int slot) {
    return new CliRunner(home).env("UKEY_PIN", GmToken.DEFAULT_USER_PIN)
        .prefix("--pkcs11", GM.gm().libraryPath().toString(), "--token",
            GM.gm().label(slot), "--pin-env", "UKEY_PIN");
  }

  @Test
  @Order(1)
  void listsBothTokensWithTheirMakers() {
    CliRunner.Result r = new CliRunner(home).run("--pkcs11",
        GM.gm().libraryPath().toString(), "--json", "tokens");
    assertEquals(0, r.exit(), r.toString());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tokens = (List<Map<String, Object>>) r.json().get("tokens");
    assertEquals(2, tokens.size());
    assertEquals("cashier-0", tokens.get(0).get("label"));
    assertTrue(tokens.get(0).get("manufacturer").toString().startsWith("Sansec"));
    assertTrue(tokens.get(1).get("manufacturer").toString().startsWith("TASS"));
  }

  @Test
  @Order(2)
  void generatesSm2KeysWithCertificatesOnBothVendors() {
    for (int slot = 0; slot < 2; slot++) {
      CliRunner.Result r = cli(slot).run("keygen", "--alg", "sm2", "--label", "seal",
          "--self-signed", "CN=出纳 " + slot + ",O=示范市财政局");
      assertEquals(0, r.exit(), r.toString());
      Map<String, Object> doc = cli(slot).run("--json", "keys").json();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> keys = (List<Map<String, Object>>) doc.get("keys");
      assertEquals(1, keys.size(), doc.toString());
      assertTrue(keys.get(0).get("certificate") != null, "the SM2 certificate is read back");
    }
  }

  @Test
  @Order(3)
  void signsAndVerifiesAndBouncyCastleAgrees() throws Exception {
    Path in = Files.writeString(home.resolve("voucher.txt"), "付款凭证 100.00",
        StandardCharsets.UTF_8);
    for (int slot = 0; slot < 2; slot++) {
      Path sig = home.resolve("seal" + slot + ".sig");
      CliRunner.Result s = cli(slot).run("sign", "--key", "seal", "--in", in.toString(),
          "--out", sig.toString());
      assertEquals(0, s.exit(), s.toString());
      assertEquals(0, cli(slot).run("verify", "--key", "seal", "--in", in.toString(), "--sig",
          sig.toString()).exit());
      try (Pin pin = GM.userPin(); Session session = GM.token(slot).login(pin)) {
        TokenKey key = session.key("seal");
        ReferenceVerifier.verify(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2,
            Files.readAllBytes(in), signatureBytes(sig));
      }
      Files.writeString(in, "付款凭证 900.00", StandardCharsets.UTF_8);
      assertEquals(1, cli(slot).run("verify", "--key", "seal", "--in", in.toString(), "--sig",
          sig.toString()).exit(), "a changed voucher does not verify");
      Files.writeString(in, "付款凭证 100.00", StandardCharsets.UTF_8);
    }
  }

  /** The CLI writes the DER signature, or its PEM/Base64 form. */
  private static byte[] signatureBytes(Path sig) throws Exception {
    byte[] b = Files.readAllBytes(sig);
    if (b.length > 0 && b[0] == 0x30) {
      return b;
    }
    String text = new String(b, StandardCharsets.US_ASCII).replaceAll("-----[^-]+-----", "")
        .replaceAll("\\s", "");
    return java.util.Base64.getDecoder().decode(text);
  }

  @Test
  @Order(4)
  void signsInAChildProcessGivenOnlyUkeyGmConfig() throws Exception {
    Path in = Files.writeString(home.resolve("child.txt"), "voucher", StandardCharsets.UTF_8);
    Path sig = home.resolve("child.sig");
    List<String> command = ChildJvm.command(List.of(), "--pkcs11",
        GM.gm().libraryPath().toString(), "--token", "cashier-1", "--pin-env", "UKEY_PIN",
        "sign", "--key", "seal", "--in", in.toString(), "--out", sig.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(GM.gm().environment());
    pb.environment().put("UKEY_PIN", GmToken.DEFAULT_USER_PIN);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    assertFalse(output.contains(GmToken.DEFAULT_USER_PIN), output);
    assertEquals(0, cli(1).run("verify", "--key", "seal", "--in", in.toString(), "--sig",
        sig.toString()).exit());
  }

  @Test
  @Order(5)
  void listsTheVendorMechanismsByName() {
    CliRunner.Result r = cli(1).run("mechanisms");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("CKM_TA_SM3_SM2"), r.out());
    CliRunner.Result s = cli(0).run("mechanisms");
    assertTrue(s.out().contains("CKM_SA_SM2_SIGN"), s.out());
  }

  /**
   * A seal made and stamped with keys on the GM token, on both vendors' slots: the maker signs
   * the seal through the token, and the stamp signs e = SM3(Z ‖ TBS_Sign) through the profile's
   * e-taking SM2 mechanism (the Stamper's digest path), and the result verifies.
   */
  @Test
  @Order(6)
  void makesAndStampsASealWithTokenKeysOnBothVendors() throws Exception {
    Path image = home.resolve("seal.png");
    Files.write(image, org.bouncycastle.util.encoders.Hex.decode(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154"
            + "78da63f8cfc0f01f0005000200a5f1c2a40000000049454e44ae426082"));
    Path doc = home.resolve("voucher.xml");
    Files.writeString(doc, "<Voucher><No>GM-2026-0006</No><Amount>6.00</Amount></Voucher>");
    for (int slot = 0; slot < 2; slot++) {
      Path cert = home.resolve("seal-" + slot + ".pem");
      assertEquals(0, cli(slot).run("cert", "export", "--label", "seal", "--out",
          cert.toString()).exit());
      Path seal = home.resolve("gm-" + slot + ".esl");
      CliRunner.Result made = cli(slot).run("seal", "make", "--maker-key", "seal",
          "--holder-cert", cert.toString(), "--name", "示范市财政局业务专用章", "--type",
          "business", "--esid", "1509000000000" + slot, "--image", image.toString(),
          "--width-mm", "40", "--height-mm", "40", "--out", seal.toString());
      assertEquals(0, made.exit(), made.toString());
      Path sig = home.resolve("gm-" + slot + ".ses");
      for (int i = 0; i < 3; i++) {
        CliRunner.Result stamped = cli(slot).run("seal", "stamp", "--seal", seal.toString(),
            "--key", "seal", "--in", doc.toString(), "--out", sig.toString());
        assertEquals(0, stamped.exit(), stamped.toString());
        CliRunner.Result verified = new CliRunner(home).run("seal", "verify", "--in",
            doc.toString(), "--sig", sig.toString(), "--trust", cert.toString());
        assertEquals(0, verified.exit(), verified.toString());
        assertTrue(verified.out().startsWith("VALID"), verified.out());
      }
      Path changed = home.resolve("voucher-changed.xml");
      Files.writeString(changed, "<Voucher><No>GM-2026-0006</No><Amount>9.00</Amount></Voucher>");
      CliRunner.Result refused = new CliRunner(home).run("seal", "verify", "--in",
          changed.toString(), "--sig", sig.toString(), "--trust", cert.toString());
      assertEquals(1, refused.exit(), refused.toString());
      assertTrue(refused.out().contains("DOCUMENT_HASH"), refused.out());
    }
  }
}
