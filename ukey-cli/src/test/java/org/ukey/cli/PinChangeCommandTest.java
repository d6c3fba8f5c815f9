package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinChangeCommandTest {
  @TempDir
  Path home;

  @Test
  void replacesTheInitialPinSoTheTokenCanBeUsed() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store"));
    TestTokens.createWithInitialPin(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "INITIAL_PIN", "pin", "change", "--new-pin-env",
        "UKEY_PIN");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("User PIN of 'cashier' changed.\n", r.out());
    assertEquals(0, cli.run("--pin-env", "UKEY_PIN", "keys").exit());
    CliRunner.Result old = cli.run("--pin-env", "INITIAL_PIN", "keys");
    assertEquals("ukey: PIN incorrect, 5 tries left\n", old.err());
  }

  @Test
  void asksForTheCurrentPinOnceAndTheNewPinTwiceOnATerminal() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store"));
    TestTokens.createWithInitialPin(cli, "cashier");
    cli.terminal(TestTokens.INITIAL_PIN, "Fresh#2026", "Fresh#2026");
    assertEquals(0, cli.run("pin", "change").exit());
    assertEquals(List.of("Current user PIN for 'cashier': ", "New user PIN for 'cashier': ",
        "New user PIN for 'cashier' again: "), cli.prompts());
  }

  @Test
  void reportsAWrongCurrentPinWithTheTriesLeft() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("WRONG", "Wrong#0000");
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "WRONG", "pin", "change", "--new-pin-env",
        "INITIAL_PIN");
    assertEquals(2, r.exit());
    assertEquals("ukey: PIN incorrect, 5 tries left\n", r.err());
  }

  @Test
  void refusesANewPinEqualToTheCurrentOne() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store"));
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "UKEY_PIN", "pin", "change", "--new-pin-env",
        "UKEY_PIN");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("pin.reused"), r.err());
    // Without the baseline the token itself still refuses it.
    CliRunner.Result none = cli.run("--pin-env", "UKEY_PIN", "pin", "change", "--new-pin-env",
        "UKEY_PIN", "--policy", "none");
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("must differ"), none.err());
  }

  /** Issue 7: PIN rules are checked on every PIN change, not only with --policy. */
  @ParameterizedTest(name = "{0} is refused by default: {1}, {2}")
  @CsvSource({
      "111111, pin.initial, seed 000 §11.1",
      "12345678, pin.initial, seed 000 §11.1",
      "Abcd#2026, pin.trivial, seed 000 §11.2",
      "999999, pin.trivial, seed 000 §11.2",
      "Qwerty123, pin.weak, seed 000 §11.2",
      "Admin@123, pin.weak, seed 000 §11.2"
  })
  void refusesAWeakNewPinWithoutAPolicyOption(String pin, String rule, String article) {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("WEAK", pin);
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "UKEY_PIN", "pin", "change", "--new-pin-env",
        "WEAK");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("ukey: ") && r.err().contains(rule)
        && r.err().contains(article), r.err());
    assertFalse(r.err().contains(pin) || r.out().contains(pin), "the PIN must never be shown");
    // Nothing changed on the token.
    assertEquals(0, cli.run("--pin-env", "UKEY_PIN", "keys").exit());
    assertEquals(2, cli.run("--pin-env", "WEAK", "keys").exit());
  }

  @Test
  void refusesAWeakReplacementOfTheInitialPin() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("WEAK", "111111");
    TestTokens.createWithInitialPin(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "INITIAL_PIN", "--json", "pin", "change",
        "--new-pin-env", "WEAK");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("pin.initial"), r.err());
    assertEquals("ukey: PIN must be changed before first use: run `ukey pin change`\n",
        cli.run("--pin-env", "INITIAL_PIN", "keys").err());
  }

  @Test
  void policyNoneOptsOutExplicitly() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("WEAK", "111111");
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "UKEY_PIN", "--json", "pin", "change",
        "--new-pin-env", "WEAK", "--policy", "none");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("none", r.json().get("policy"));
    assertEquals(0, cli.run("--pin-env", "WEAK", "keys").exit());
  }

  @Test
  void theDefaultLeavesLengthAndCharactersToTheToken() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("PLAIN", "fj2018cz");
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "UKEY_PIN", "--json", "pin", "change",
        "--new-pin-env", "PLAIN");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("baseline", r.json().get("policy"));
  }

  @Test
  void policySelectsAPreset() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("PLAIN", "fj2018cz");
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("--pin-env", "UKEY_PIN", "pin", "change", "--new-pin-env",
        "PLAIN", "--policy", "town-000");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("pin.character-classes") && r.err().contains("seed 000 §11.2"),
        r.err());
    CliRunner.Result unknown = cli.run("--pin-env", "UKEY_PIN", "pin", "change",
        "--new-pin-env", "PLAIN", "--policy", "nowhere-999");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("known: town-000, finance-001, baseline"), unknown.err());
  }
}
