package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertTrue(r.err().contains("must differ"), r.err());
  }
}
