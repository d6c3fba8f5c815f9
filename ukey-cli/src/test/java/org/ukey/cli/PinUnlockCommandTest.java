package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinUnlockCommandTest {
  @TempDir
  Path home;

  @Test
  void resetsALockedUserPinWithTheSoPin() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("WRONG", "Wrong#0000")
        .env("RESET_PIN", "Reset#2026");
    TestTokens.createReady(cli, "cashier", "--max-pin-retries", "2");
    assertEquals("ukey: PIN incorrect, 1 try left\n",
        cli.run("--pin-env", "WRONG", "keys").err());
    assertEquals("ukey: PIN incorrect, 0 tries left\n",
        cli.run("--pin-env", "WRONG", "keys").err());
    CliRunner.Result locked = cli.run("--pin-env", "UKEY_PIN", "keys");
    assertEquals(2, locked.exit());
    assertTrue(locked.err().contains("locked"), locked.err());
    assertTrue(locked.err().endsWith("the security officer can set a new user PIN with"
        + " `ukey pin unlock`\n"), locked.err());

    CliRunner.Result r = cli.run("pin", "unlock", "--so-pin-env", "SO_PIN", "--new-pin-env",
        "RESET_PIN");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("User PIN of 'cashier' reset by the security officer."),
        r.out());
    // A PIN the officer set is as much an initial PIN as the first one (seed 000 §11.1).
    assertEquals("ukey: PIN must be changed before first use: run `ukey pin change`\n",
        cli.run("--pin-env", "RESET_PIN", "keys").err());
    assertEquals(0, cli.run("--pin-env", "RESET_PIN", "pin", "change", "--new-pin-env",
        "UKEY_PIN").exit());
    assertEquals(0, cli.run("--pin-env", "UKEY_PIN", "keys").exit());
  }

  @Test
  void refusesAWeakNewPinByDefaultAndTakesItWithPolicyNone() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("WEAK", "123456");
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("pin", "unlock", "--so-pin-env", "SO_PIN", "--new-pin-env",
        "WEAK");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("pin.initial") && r.err().contains("seed 000 §11.1"), r.err());
    assertFalse(r.err().contains("123456"), r.err());
    assertEquals(0, cli.run("--pin-env", "UKEY_PIN", "keys").exit(), "PIN left unchanged");

    CliRunner.Result finance = cli.run("pin", "unlock", "--so-pin-env", "SO_PIN",
        "--new-pin-env", "UKEY_PIN", "--policy", "finance-001");
    assertEquals(2, finance.exit(), finance.toString());
    assertTrue(finance.err().contains("seed 001 §23"), finance.err());

    CliRunner.Result none = cli.run("pin", "unlock", "--so-pin-env", "SO_PIN", "--new-pin-env",
        "WEAK", "--policy", "none");
    assertEquals(0, none.exit(), none.toString());
  }

  @Test
  void reportsAWrongSoPin() {
    CliRunner cli = TestTokens.runner(home, home.resolve("store")).env("WRONG", "Wrong#0000");
    TestTokens.createReady(cli, "cashier");
    CliRunner.Result r = cli.run("pin", "unlock", "--so-pin-env", "WRONG", "--new-pin-env",
        "INITIAL_PIN");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("ukey: PIN incorrect, "), r.err());
  }
}
