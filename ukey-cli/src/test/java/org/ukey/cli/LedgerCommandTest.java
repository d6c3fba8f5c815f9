package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerCommandTest {
  @TempDir
  Path home;
  private CliRunner cli;
  private final String inAYear = LocalDate.now().plusYears(1).toString();

  @BeforeEach
  void store() {
    cli = TestTokens.runner(home, home.resolve("store")).env("UKEY_PERSON", "keeper");
  }

  private CliRunner.Result issue(String keyNo, String holder, String role, String serial,
      String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("ledger", "issue", "--key-no", keyNo,
        "--type", role.equals("seal-keeper") ? "seal" : "operation", "--holder", holder,
        "--role", role, "--cert-serial", serial, "--valid-to", inAYear));
    args.addAll(List.of(more));
    return cli.run(args.toArray(new String[0]));
  }

  @Test
  void issuesAKeyAndShowsItsWholeFile() {
    CliRunner.Result r = issue("SZ-001", "zhang", "entry", "0A:1B", "--token", "TK-7",
        "--usage", "treasury payments");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Issued key SZ-001"), r.out());
    Map<String, Object> doc = cli.run("--json", "ledger", "show", "--key-no", "SZ-001").json();
    assertEquals("ACTIVE", doc.get("state"));
    assertEquals("0a1b", doc.get("certSerial"));
    assertEquals("TK-7", doc.get("token"));
    assertEquals("zhang", doc.get("holder"));
    assertEquals(true, doc.get("pinChangeRequired"));
    List<?> history = (List<?>) doc.get("history");
    assertEquals(1, history.size());
    assertEquals("keeper", ((Map<?, ?>) history.get(0)).get("actor"));
    CliRunner.Result text = cli.run("ledger", "show", "--key-no", "SZ-001");
    assertTrue(text.out().contains("ISSUE by keeper"), text.out());
  }

  @Test
  void refusesAHoldingThatBreaksSeparationOfDutiesCitingTheArticle() {
    assertEquals(0, issue("SZ-001", "zhang", "entry", "a1").exit());
    CliRunner.Result r = issue("SZ-002", "zhang", "approval", "a2");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("sod.conflicting-posts") && r.err().contains("seed 000 §7.1"),
        r.err());
  }

  @Test
  void walksTheLifecycleAndRefusesIllegalSteps() {
    assertEquals(0, issue("SZ-001", "zhang", "entry", "a1").exit());
    String[][] steps = {{"freeze", "FROZEN"}, {"unfreeze", "ACTIVE"}, {"return", "RETURNED"},
        {"revoke", "REVOKED"}, {"destroy", "DESTROYED"}};
    for (String[] s : steps) {
      CliRunner.Result r = cli.run("--json", "ledger", s[0], "--key-no", "SZ-001", "--reason",
          "monthly check");
      assertEquals(0, r.exit(), r.toString());
      assertEquals(s[1], r.json().get("state"));
    }
    CliRunner.Result illegal = cli.run("ledger", "unfreeze", "--key-no", "SZ-001", "--reason",
        "x");
    assertEquals(2, illegal.exit());
    assertTrue(illegal.err().contains("seed 001 §17"), illegal.err());
    CliRunner.Result unknown = cli.run("ledger", "freeze", "--key-no", "NOPE", "--reason", "x");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("seed 000 §20"), unknown.err());
  }

  @Test
  void handsOverBeforeAWitness() {
    assertEquals(0, issue("SZ-001", "zhang", "entry", "a1").exit());
    CliRunner.Result bad = cli.run("ledger", "handover", "--key-no", "SZ-001", "--to", "li",
        "--witness", "li");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("seed 000 §15.2"), bad.err());
    CliRunner.Result ok = cli.run("--json", "ledger", "handover", "--key-no", "SZ-001", "--to",
        "li", "--witness", "wang");
    assertEquals(0, ok.exit(), ok.toString());
    assertEquals("li", ok.json().get("holder"));
  }

  @Test
  void listsByStateAndHolderAndWarnsAheadOfExpiry() {
    assertEquals(0, issue("SZ-001", "zhang", "entry", "a1").exit());
    assertEquals(0, cli.run("ledger", "issue", "--key-no", "SZ-002", "--type", "operation",
        "--holder", "li", "--role", "accounting", "--cert-serial", "a2", "--valid-to",
        LocalDate.now().plusDays(10).toString()).exit());
    assertEquals(0, cli.run("ledger", "freeze", "--key-no", "SZ-001", "--reason", "x").exit());
    List<?> frozen = (List<?>) cli.run("--json", "ledger", "list", "--state", "frozen").json()
        .get("keys");
    assertEquals(1, frozen.size());
    List<?> li = (List<?>) cli.run("--json", "ledger", "list", "--holder", "li").json()
        .get("keys");
    assertEquals("SZ-002", ((Map<?, ?>) li.get(0)).get("keyNo"));
    CliRunner.Result soon = cli.run("ledger", "expiring", "--days", "30");
    assertEquals(0, soon.exit());
    assertTrue(soon.out().contains("SZ-002") && !soon.out().contains("SZ-001"), soon.out());
    CliRunner.Result bogus = cli.run("ledger", "list", "--state", "sleeping");
    assertEquals(2, bogus.exit());
    assertTrue(bogus.err().contains("unknown state 'sleeping' (valid: APPLIED, DEPT_APPROVED,"
        + " LEADER_APPROVED, APPROVED, REJECTED, ACTIVE, FROZEN, HANDOVER_DUE, RETURNED,"
        + " REVOKED, DESTROYED, ARCHIVED)"), bogus.err());
  }

  @Test
  void keepsTheCertificateSerialAsGiven() {
    assertEquals(0, issue("SZ-001", "zhang", "entry", "01").exit());
    assertEquals("01", cli.run("--json", "ledger", "show", "--key-no", "SZ-001").json()
        .get("certSerial"));
    CliRunner.Result text = cli.run("ledger", "show", "--key-no", "SZ-001");
    assertTrue(text.out().contains("  certificate: 01\n"), text.out());
    // The same certificate written another way is still the same certificate (seed 000 §10.3).
    CliRunner.Result again = issue("SZ-002", "li", "accounting", "0001");
    assertEquals(2, again.exit(), again.toString());
    assertTrue(again.err().contains("ledger.one-file"), again.err());
  }
}
