package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  @TempDir
  Path home;
  private Path store;
  private CliRunner cli;
  private Path doc;

  @BeforeEach
  void token() throws Exception {
    store = home.resolve("store");
    TestTokens.createReady(TestTokens.runner(home, store), "cashier");
    cli = TestTokens.userRunner(home, store).env("UKEY_PERSON", "zhang")
        .env("WRONG_PIN", "Wrong#2026x");
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "sm2").exit());
    doc = home.resolve("voucher.xml");
    Files.writeString(doc, DemoCommand.voucher("1,000.00"), StandardCharsets.UTF_8);
  }

  private List<Map<String, Object>> exported() throws Exception {
    Path out = home.resolve("audit.jsonl");
    CliRunner.Result r = cli.run("audit", "export", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    return Files.readAllLines(out).stream().map(StrictJson::parseObject)
        .filter(m -> "entry".equals(m.get("type"))).collect(Collectors.toList());
  }

  @Test
  void recordsSigningPinChangesAndFailedLoginsAndVerifiesIntact() throws Exception {
    assertEquals(0, cli.run("sign", "--key", "sm2", "--in", doc.toString(), "--out",
        home.resolve("v.sig").toString()).exit());
    assertEquals(2, TestTokens.runner(home, store).env("WRONG_PIN", "Wrong#2026x")
        .run("--pin-env", "WRONG_PIN", "keys").exit());
    List<Map<String, Object>> entries = exported();
    String ops = entries.stream().map(m -> m.get("operation") + ":" + m.get("outcome"))
        .collect(Collectors.joining(","));
    assertTrue(ops.contains("pin.change:SUCCEEDED"), ops); // the token's initial PIN change
    assertTrue(ops.contains("sign:SUCCEEDED"), ops);
    assertTrue(ops.contains("login:FAILED"), ops);
    Map<String, Object> sign = entries.stream().filter(m -> "sign".equals(m.get("operation")))
        .findFirst().orElseThrow();
    assertEquals("zhang", sign.get("person"));
    assertEquals(org.bouncycastle.util.encoders.Hex.toHexString(
        org.ukey.sm2.Sm3.digest(Files.readAllBytes(doc))), sign.get("digest"));
    CliRunner.Result v = cli.run("--json", "audit", "verify");
    assertEquals(0, v.exit(), v.toString());
    assertEquals(true, v.json().get("intact"));
  }

  @Test
  void recordsTheTerminalFromUkeyTerminalElseTheHostName() throws Exception {
    assertEquals(0, cli.env("UKEY_TERMINAL", "CAIWU-PC-01").run("sign", "--key", "sm2",
        "--in", doc.toString(), "--out", home.resolve("v.sig").toString()).exit());
    List<Map<String, Object>> entries = exported();
    assertEquals("CAIWU-PC-01", entries.get(entries.size() - 1).get("terminal"));

    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "unknown";
    }
    CliRunner plain = TestTokens.userRunner(home, store).env("UKEY_PERSON", "zhang");
    assertEquals(0, plain.run("sign", "--key", "sm2", "--in", doc.toString(), "--out",
        home.resolve("v.sig").toString()).exit());
    entries = exported();
    assertEquals(host, entries.get(entries.size() - 1).get("terminal"));
    // Every entry names a terminal, including the PIN change made while setting up.
    assertTrue(entries.stream().allMatch(m -> m.get("terminal") instanceof String
        && !((String) m.get("terminal")).isBlank()), entries.toString());
  }

  @Test
  void noAuditLeavesNoRecord() throws Exception {
    int before = exported().size();
    assertEquals(0, cli.run("--no-audit", "sign", "--key", "sm2", "--in", doc.toString(),
        "--out", home.resolve("v.sig").toString()).exit());
    assertEquals(before, exported().size());
  }

  @Test
  void aTamperedTrailExitsOneAndSaysWhere() throws Exception {
    // Two uses: the first is edited. (An edited last record looks like a write torn by a crash
    // and is dropped; only a signed checkpoint over it makes that visible.)
    for (int i = 0; i < 2; i++) {
      assertEquals(0, cli.run("sign", "--key", "sm2", "--in", doc.toString(), "--out",
          home.resolve("v.sig").toString()).exit());
    }
    Path log = store.resolve("audit/audit.log");
    byte[] b = Files.readAllBytes(log);
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("zhang");
    b[at] = 'Z';
    Files.write(log, b);
    CliRunner.Result r = cli.run("audit", "verify");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().contains("TAMPERED") && r.out().contains("offset"), r.out());
  }

  @Test
  void verifySaysWhenNoCheckpointGuardsTheTail() throws Exception {
    CliRunner.Result r = cli.run("audit", "verify");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("no checkpoint: truncation of the tail cannot be detected;"
        + " run `ukey audit checkpoint --key AUDITOR-KEY`"), r.out());
    CliRunner.Result j = cli.run("--json", "audit", "verify");
    assertTrue(((String) j.json().get("warning")).startsWith("no checkpoint"), j.out());

    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "auditor").exit());
    assertEquals(0, cli.run("--person", "auditor", "audit", "checkpoint", "--key", "auditor")
        .exit());
    CliRunner.Result covered = cli.run("--json", "audit", "verify");
    assertEquals(0, covered.exit(), covered.toString());
    assertEquals(null, covered.json().get("warning"), covered.out());
    // The checkpoint's own record follows it.
    assertEquals(1L, covered.json().get("entriesAfterCheckpoint"), covered.out());

    assertEquals(0, cli.run("sign", "--key", "sm2", "--in", doc.toString(), "--out",
        home.resolve("v.sig").toString()).exit());
    CliRunner.Result after = cli.run("audit", "verify");
    assertEquals(0, after.exit(), after.toString());
    assertFalse(after.out().contains("no checkpoint"), after.out());
    assertTrue(after.out().contains("2 entries after the last checkpoint: cutting them off"
        + " cannot be detected until the next `ukey audit checkpoint`"), after.out());
  }

  @Test
  void aSignedCheckpointIsVerifiedWithTheAuditorsKey() throws Exception {
    Path pem = home.resolve("auditor.pem");
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "auditor", "--public-out",
        pem.toString()).exit());
    CliRunner.Result cp = cli.env("UKEY_TERMINAL", "AUDIT-PC").run("--person", "auditor",
        "audit", "checkpoint", "--key", "auditor");
    assertEquals(0, cp.exit(), cp.toString());
    CliRunner.Result v = cli.run("--json", "audit", "verify", "--auditor-public",
        pem.toString());
    assertEquals(0, v.exit(), v.toString());
    assertEquals(true, v.json().get("signaturesChecked"));
    assertEquals(1L, v.json().get("checkpoints"));
    Map<String, Object> noted = exported().stream()
        .filter(m -> "audit.checkpoint".equals(m.get("operation"))).findFirst().orElseThrow();
    assertEquals("AUDIT-PC", noted.get("terminal"), noted.toString());
    // Verified with another key, the checkpoint is reported as bad: exit 1.
    Path other = home.resolve("other.pem");
    assertEquals(0, cli.run("keygen", "--alg", "sm2", "--label", "other", "--public-out",
        other.toString()).exit());
    CliRunner.Result wrong = cli.run("audit", "verify", "--auditor-public", other.toString());
    assertEquals(1, wrong.exit(), wrong.toString());
    assertTrue(wrong.out().contains("BAD_CHECKPOINT"), wrong.out());
    assertFalse(wrong.out().contains(TestTokens.USER_PIN));
  }
}
