package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

/**
 * Soft token stores for the verb tests, made through the CLI itself: {@code token init} with a
 * low scrypt cost (tests must stay fast; the cost is the store's, not the CLI's), then
 * {@code pin change}, so the token is ready to use with {@link #USER_PIN}.
 */
final class TestTokens {
  static final String INITIAL_PIN = "Initial#2026";
  static final String USER_PIN = "Cashier#2026";
  static final String SO_PIN = "Officer#2026";
  static final String KDF_COST = "10";

  private TestTokens() {}

  /** A runner whose store is {@code store}, with every PIN in the environment. */
  static CliRunner runner(Path home, Path store) {
    return new CliRunner(home)
        .env("UKEY_STORE", store.toString())
        .env("INITIAL_PIN", INITIAL_PIN)
        .env("UKEY_PIN", USER_PIN)
        .env("SO_PIN", SO_PIN);
  }

  /** A runner like {@link #runner} that also passes {@code --pin-env UKEY_PIN} every time. */
  static CliRunner userRunner(Path home, Path store) {
    return runner(home, store).prefix("--pin-env", "UKEY_PIN");
  }

  /** Creates a token that still has its initial PIN. */
  static void createWithInitialPin(CliRunner cli, String label, String... extra) {
    String[] args = new String[] {"--pin-env", "INITIAL_PIN", "token", "init", "--label", label,
        "--so-pin-env", "SO_PIN", "--kdf-cost", KDF_COST};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    CliRunner.Result r = cli.run(all);
    assertEquals(0, r.exit(), r.toString());
  }

  /** Creates a token and replaces its initial PIN with {@link #USER_PIN}. */
  static void createReady(CliRunner cli, String label, String... extra) {
    createWithInitialPin(cli, label, extra);
    CliRunner.Result r = cli.run("--token", label, "--pin-env", "INITIAL_PIN", "pin", "change",
        "--new-pin-env", "UKEY_PIN");
    assertEquals(0, r.exit(), r.toString());
  }
}
