package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.testkit.softhsm.SoftHsmExtension;

class MechanismsCommandTest {
  @RegisterExtension
  static final SoftHsmExtension HSM = SoftHsmExtension.withLabel("mechs");

  @TempDir
  Path home;

  private CliRunner cli() {
    return new CliRunner(home).prefix("--pkcs11", HSM.token().library().toString());
  }

  @Test
  void listsTheTokensMechanismsWithoutAPin() {
    CliRunner.Result r = cli().run("mechanisms");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("Token 'mechs' (slot "), r.out());
    assertTrue(r.out().contains("profile standard"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("CKM_ECDSA ")
        && l.contains("0x00001041") && l.contains("sign,verify")), r.out());
  }

  @Test
  void printsMechanismsAsJson() {
    Map<String, Object> doc = cli().run("--json", "mechanisms").json();
    assertEquals("mechs", doc.get("token"));
    assertEquals("standard", doc.get("profile"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> mechanisms = (List<Map<String, Object>>) doc.get("mechanisms");
    Map<String, Object> rsa = mechanisms.stream()
        .filter(m -> m.get("name").equals("CKM_RSA_PKCS_KEY_PAIR_GEN")).findFirst()
        .orElseThrow();
    assertEquals("0x00000000", rsa.get("code"));
    assertEquals(List.of("generate-key-pair"), rsa.get("functions"));
    assertEquals(16384L, rsa.get("maxKeySize"));
  }

  @Test
  void choosesTheTokenBySlotAndTheProfileByName() throws Exception {
    long slot = HSM.token().token().slotId();
    Map<String, Object> doc = cli().run("--json", "--slot", Long.toString(slot),
        "--profile", "tass", "mechanisms").json();
    assertEquals(slot, doc.get("slot"));
    assertEquals("tass", doc.get("profile"));
  }

  @Test
  void needsPkcs11() {
    CliRunner.Result r = new CliRunner(home).run("mechanisms");
    assertEquals(2, r.exit());
    assertEquals("ukey: mechanisms works on a PKCS#11 library: give --pkcs11 LIB\n", r.err());
  }

  @Test
  void namesAnUnknownProfile() {
    CliRunner.Result r = cli().run("--profile", "feitian", "mechanisms");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("ukey: unknown mechanism profile 'feitian' (built in: ["),
        r.err());
  }
}
