package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  @TempDir
  Path home;

  @Test
  void listsKeysWithTheirCertificates() {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "cashier");
    CliRunner cli = TestTokens.userRunner(home, home.resolve("store"));
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "signing", "--self-signed",
        "CN=张三,O=示范市财政局", "--days", "30").exit());
    assertEquals(0, cli.run("keygen", "--alg", "ec-p256", "--label", "plain").exit());

    CliRunner.Result text = cli.run("keys");
    assertEquals(0, text.exit(), text.toString());
    assertTrue(text.out().contains("CN=张三,O=示范市财政局"), text.out());

    Map<String, Object> doc = cli.run("keys", "--json").json();
    assertEquals("cashier", doc.get("token"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys = (List<Map<String, Object>>) doc.get("keys");
    assertEquals(2, keys.size());
    Map<String, Object> signing = keys.stream().filter(k -> k.get("label").equals("signing"))
        .findFirst().orElseThrow();
    assertEquals("sm2", signing.get("type"));
    @SuppressWarnings("unchecked")
    Map<String, Object> cert = (Map<String, Object>) signing.get("certificate");
    assertEquals("CN=张三,O=示范市财政局", cert.get("subject"));
    Map<String, Object> plain = keys.stream().filter(k -> k.get("label").equals("plain"))
        .findFirst().orElseThrow();
    assertEquals("ec-p256", plain.get("type"));
    assertNull(plain.get("certificate"));
  }

  @Test
  void asksWhichTokenWhenThereAreSeveral() {
    CliRunner setup = TestTokens.runner(home, home.resolve("store"));
    TestTokens.createReady(setup, "cashier");
    TestTokens.createReady(setup, "approver");
    CliRunner cli = TestTokens.userRunner(home, home.resolve("store"));
    CliRunner.Result r = cli.run("keys");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("ukey: 2 tokens in "), r.err());
    assertTrue(r.err().contains("choose one with --token LABEL (labels: '"), r.err());
    assertTrue(r.err().contains("'approver'") && r.err().contains("'cashier'"), r.err());
    assertEquals(0, cli.run("--token", "approver", "keys").exit());
  }

  @Test
  void namesTheLabelsWhenTheChosenTokenIsAbsent() {
    TestTokens.createReady(TestTokens.runner(home, home.resolve("store")), "cashier");
    CliRunner cli = TestTokens.userRunner(home, home.resolve("store"));
    CliRunner.Result r = cli.run("--token", "nobody", "keys");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("ukey: no token labelled 'nobody' in "), r.err());
    assertTrue(r.err().endsWith("(labels: 'cashier')\n"), r.err());
  }

  @Test
  void reportsAWrongPinWithTheTriesLeft() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("WRONG", "Wrong#0000");
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "WRONG", "keys");
    assertEquals(2, r.exit());
    assertEquals("ukey: PIN incorrect, 5 tries left\n", r.err());
  }
}
