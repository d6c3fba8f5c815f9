package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.ukey.testkit.softhsm.SoftHsmExtension;
import org.ukey.testkit.softhsm.SoftHsmToken;

/**
 * The existing verbs on a PKCS#11 token: {@code --pkcs11 LIB} with {@code --token} or
 * {@code --slot}, on SoftHSM. One token for the class; the steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Pkcs11VerbsTest {
  @RegisterExtension
  static final SoftHsmExtension HSM = SoftHsmExtension.withLabel("cashier");

  @TempDir
  static Path home;

  private static CliRunner cli() {
    SoftHsmToken t = HSM.token();
    return new CliRunner(home).env("UKEY_PIN", SoftHsmToken.DEFAULT_USER_PIN)
        .env("SO_PIN", SoftHsmToken.DEFAULT_SO_PIN).env("NEW_PIN", "24682468")
        .prefix("--pkcs11", t.library().toString(), "--pin-env", "UKEY_PIN");
  }

  @Test
  @Order(1)
  void listsTheToken() {
    CliRunner.Result r = cli().run("--json", "tokens");
    assertEquals(0, r.exit(), r.toString());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tokens = (List<Map<String, Object>>) r.json().get("tokens");
    assertEquals(1, tokens.size(), "SoftHSM's blank slot is not a token");
    assertEquals("cashier", tokens.get(0).get("label"));
    assertEquals("SoftHSM project", tokens.get(0).get("manufacturer"));
  }

  @Test
  @Order(2)
  void generatesKeysWithCertificatesAndListsThem() {
    for (String alg : List.of("ec-p256", "rsa2048", "ec-p384")) {
      CliRunner.Result r = cli().run("keygen", "--alg", alg, "--label", alg, "--self-signed",
          "CN=出纳 " + alg + ",O=示范市财政局");
      assertEquals(0, r.exit(), r.toString());
    }
    CliRunner.Result refused = cli().run("keygen", "--alg", "sm2", "--label", "sm2");
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("profile 'standard'"), refused.err());

    Map<String, Object> doc = cli().run("--json", "keys").json();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys = (List<Map<String, Object>>) doc.get("keys");
    assertEquals(3, keys.size());
    assertTrue(keys.stream().allMatch(k -> k.get("certificate") != null));
  }

  @Test
  @Order(3)
  void signsAndVerifiesWithEachKey() throws Exception {
    Path in = Files.writeString(home.resolve("voucher.txt"), "付款凭证 100.00",
        StandardCharsets.UTF_8);
    for (String key : List.of("ec-p256", "rsa2048", "ec-p384")) {
      Path sig = home.resolve(key + ".sig");
      CliRunner.Result s = cli().run("sign", "--key", key, "--in", in.toString(), "--out",
          sig.toString());
      assertEquals(0, s.exit(), s.toString());
      CliRunner.Result v = cli().run("verify", "--key", key, "--in", in.toString(), "--sig",
          sig.toString());
      assertEquals(0, v.exit(), v.toString());
      Files.writeString(in, "付款凭证 900.00", StandardCharsets.UTF_8);
      assertEquals(1, cli().run("verify", "--key", key, "--in", in.toString(), "--sig",
          sig.toString()).exit(), "a changed voucher does not verify");
      Files.writeString(in, "付款凭证 100.00", StandardCharsets.UTF_8);
    }
  }

  @Test
  @Order(4)
  void signsInAChildProcessGivenOnlySoftHsm2Conf() throws Exception {
    Path in = Files.writeString(home.resolve("child.txt"), "voucher", StandardCharsets.UTF_8);
    Path sig = home.resolve("child.sig");
    List<String> command = ChildJvm.command(List.of(), "--pkcs11",
        HSM.token().library().toString(), "--pin-env", "UKEY_PIN", "sign", "--key", "ec-p256",
        "--in", in.toString(), "--out", sig.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(HSM.token().environment());
    pb.environment().put("UKEY_PIN", SoftHsmToken.DEFAULT_USER_PIN);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    assertTrue(!output.contains(SoftHsmToken.DEFAULT_USER_PIN), output);
    assertEquals(0, cli().run("verify", "--key", "ec-p256", "--in", in.toString(), "--sig",
        sig.toString()).exit());
  }


  @Test
  @Order(5)
  void choosesTheTokenBySlot() throws Exception {
    String slot = Long.toString(HSM.token().token().slotId());
    CliRunner.Result r = cli().run("--slot", slot, "--json", "keys");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("cashier", r.json().get("token"));
    CliRunner.Result both = cli().run("--slot", slot, "--token", "cashier", "keys");
    assertEquals(2, both.exit());
  }

  @Test
  @Order(6)
  void changesAndUnlocksThePin() {
    assertEquals(0, cli().run("pin", "change", "--new-pin-env", "NEW_PIN").exit());
    CliRunner.Result wrong = cli().run("keys");
    assertEquals(2, wrong.exit());
    assertTrue(wrong.err().startsWith("ukey: PIN incorrect"), wrong.err());
    // SoftHSM's fixture PIN is a factory-style 12345678, which the default rules refuse.
    CliRunner.Result unlock = cli().run("pin", "unlock", "--so-pin-env", "SO_PIN",
        "--new-pin-env", "UKEY_PIN", "--policy", "none");
    assertEquals(0, unlock.exit(), unlock.toString());
    assertEquals(0, cli().run("keys").exit());
  }

  @Test
  @Order(7)
  void initialisesTheBlankTokenAndRefusesToWipeAnInitialisedOne() throws Exception {
    CliRunner teller = new CliRunner(home).env("TELLER_PIN", "13571357")
        .env("SO_PIN", SoftHsmToken.DEFAULT_SO_PIN)
        .prefix("--pkcs11", HSM.token().library().toString(), "--pin-env", "TELLER_PIN");
    CliRunner.Result r = teller.run("--json", "token", "init", "--label", "teller",
        "--so-pin-env", "SO_PIN");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("teller", r.json().get("label"));
    assertEquals(0, teller.run("--token", "teller", "keygen", "--alg", "ec-p256", "--label",
        "t").exit());

    String slot = Long.toString(HSM.token().token().slotId());
    CliRunner.Result refused = cli().run("--slot", slot, "token", "init", "--label", "x",
        "--so-pin-env", "SO_PIN");
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("--reinitialize destroys its keys"), refused.err());
    assertEquals(2, cli().run("--token", "x", "token", "init", "--label", "y",
        "--so-pin-env", "SO_PIN").exit());
  }
}
