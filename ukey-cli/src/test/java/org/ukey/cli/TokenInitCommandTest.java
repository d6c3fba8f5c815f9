package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenInitCommandTest {
  @TempDir
  Path home;

  private Path store() {
    return home.resolve("store");
  }

  @Test
  void createsATokenWhosePinMustBeChangedBeforeFirstUse() {
    CliRunner cli = TestTokens.runner(home, store());
    CliRunner.Result r = cli.run("--pin-env", "INITIAL_PIN", "token", "init", "--label",
        "finance-01", "--so-pin-env", "SO_PIN", "--kdf-cost", TestTokens.KDF_COST);
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("Created soft token 'finance-01' (serial "), r.out());
    assertTrue(r.out().contains("run `ukey pin change`"), r.out());

    CliRunner.Result keys = cli.run("--pin-env", "INITIAL_PIN", "keys");
    assertEquals(2, keys.exit(), keys.toString());
    assertEquals("ukey: PIN must be changed before first use: run `ukey pin change`\n",
        keys.err());
  }

  @Test
  void printsTheNewTokenAsJson() {
    CliRunner.Result r = TestTokens.runner(home, store()).run("--json", "--pin-env",
        "INITIAL_PIN", "token", "init", "--label", "财政局-01", "--so-pin-env", "SO_PIN",
        "--kdf-cost", TestTokens.KDF_COST, "--max-pin-retries", "3");
    assertEquals(0, r.exit(), r.toString());
    Map<String, Object> doc = r.json();
    assertEquals("财政局-01", doc.get("label"));
    assertEquals(store().toString(), doc.get("store"));
    @SuppressWarnings("unchecked")
    Map<String, Object> pin = (Map<String, Object>) doc.get("pinStatus");
    assertEquals(true, pin.get("mustChange"));
    assertEquals(3L, pin.get("retriesLeft"));
  }

  @Test
  void asksForEachPinTwiceOnATerminal() {
    CliRunner cli = new CliRunner(home).env("UKEY_STORE", store().toString())
        .terminal("Initial#2026", "Initial#2026", "Officer#2026", "Officer#2026");
    CliRunner.Result r = cli.run("token", "init", "--label", "t", "--kdf-cost",
        TestTokens.KDF_COST);
    assertEquals(0, r.exit(), r.toString());
    assertEquals(List.of("Initial user PIN for 't': ", "Initial user PIN for 't' again: ",
        "SO PIN for 't': ", "SO PIN for 't' again: "), cli.prompts());
  }

  @Test
  void refusesALabelThatIsTaken() {
    CliRunner cli = TestTokens.runner(home, store());
    TestTokens.createWithInitialPin(cli, "finance-01");
    CliRunner.Result r = cli.run("--pin-env", "INITIAL_PIN", "token", "init", "--label",
        "finance-01", "--so-pin-env", "SO_PIN", "--kdf-cost", TestTokens.KDF_COST);
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("already exists"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void refusesAKdfCostOutOfRangeBeforeAskingForPins() {
    CliRunner.Result r = TestTokens.runner(home, store()).run("--pin-env", "INITIAL_PIN",
        "token", "init", "--label", "t", "--so-pin-env", "SO_PIN", "--kdf-cost", "40");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("ukey: --kdf-cost: "), r.err());
  }

  @Test
  void namesAMissingPkcs11Library() {
    CliRunner.Result r = TestTokens.runner(home, store()).run("--pkcs11", "/lib.so",
        "--pin-env", "INITIAL_PIN", "token", "init", "--label", "t", "--so-pin-env", "SO_PIN");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().startsWith("ukey: PKCS#11 library not found: /lib.so"), r.err());
  }
}
