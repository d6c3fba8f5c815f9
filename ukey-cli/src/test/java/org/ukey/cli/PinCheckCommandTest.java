package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinCheckCommandTest {
  @TempDir
  Path home;

  private CliRunner.Result check(String policy, String pin, String... more) {
    CliRunner cli = new CliRunner(home).env("P", pin);
    String[] args = {"--pin-env", "P", "pin", "check", "--policy", policy};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return cli.run(all);
  }

  @Test
  void acceptsAPinThePolicyAccepts() {
    CliRunner.Result r = check("town-000", "Songzhu#2026x");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("acceptable under town-000"), r.out());
  }

  @Test
  void refusesWithTheRuleAndArticleButNeverThePin() {
    CliRunner.Result r = check("town-000", "Admin@123");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.out().contains("pin.weak") && r.out().contains("seed 000 §11.2"), r.out());
    assertFalse(r.out().contains("Admin@123") || r.err().contains("Admin@123"));
  }

  @Test
  void finance001TakesDigitsAndLettersOnly() {
    assertEquals(0, check("finance-001", "fj2018cz").exit());
    CliRunner.Result r = check("finance-001", "fj#2018cz", "--json");
    assertEquals(1, r.exit());
    assertEquals("pin.character-classes", r.json().get("rule"));
    assertEquals("seed 001 §23", r.json().get("source"));
  }

  @Test
  void anUnknownPolicyIsAUsageError() {
    assertEquals(2, check("nowhere-999", "Songzhu#2026x").exit());
  }
}
