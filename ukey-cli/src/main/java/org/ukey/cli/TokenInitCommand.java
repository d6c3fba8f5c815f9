package org.ukey.cli;

import org.ukey.api.Pin;
import org.ukey.api.Token;
import org.ukey.api.TokenInfo;
import org.ukey.sm2.soft.SoftTokenOptions;
import org.ukey.sm2.soft.SoftTokenProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ukey token init}: creates a soft token in the store. The user PIN comes from
 * {@code --pin-env} / {@code --pin-file}, the security officer's from {@code --so-pin-env} /
 * {@code --so-pin-file}; on a terminal each is asked for twice.
 *
 * <p>The user PIN is an initial PIN: the token refuses to log in with it until the holder has
 * changed it ({@code ukey pin change}), as seed 000 §11.1 requires of keys handed out.
 */
@Command(name = "init", description = "Create a soft token (user PIN from --pin-env, SO PIN"
    + " from --so-pin-env).")
final class TokenInitCommand extends VerbCommand {
  @Option(names = "--label", required = true, paramLabel = "LABEL",
      description = "Label of the new token.")
  String label;

  @Mixin
  SoPinOptions soPinOptions;

  @Option(names = "--max-pin-retries", paramLabel = "N",
      description = "Wrong PINs in a row before the PIN locks (default: the soft token's).")
  Integer maxPinRetries;

  @Option(names = "--kdf-cost", paramLabel = "LOG2N",
      description = "scrypt cost of the PIN key derivation as log2 N, 10 to 22 (default 16);"
          + " lower is faster to log in and faster to brute-force.")
  Integer kdfCost;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    PinSource userSource = ukey.userPin();
    PinSource soSource = soPinOptions.source();
    ProviderChoice choice = ukey.providers();
    SoftTokenOptions options = options();
    try (SoftTokenProvider store = choice.openSoftStore();
        Pin userPin = userSource.readNew(ukey.environment(), "Initial user PIN for '" + label
            + "': ");
        Pin soPin = soSource.readNew(ukey.environment(), "SO PIN for '" + label + "': ")) {
      Token token = store.createToken(label, userPin, soPin, options);
      TokenInfo info = token.info();
      String text = "Created soft token '" + info.label() + "' (serial " + info.serialNumber()
          + ") in " + choice.storeDirectory() + "."
          + (info.pinStatus().mustChange()
              ? "\nThe user PIN must be changed before first use: run `ukey pin change`." : "");
      ukey.print(JsonViews.token(info).put("store", choice.storeDirectory().toString()), text);
      return Failures.OK;
    }
  }

  private SoftTokenOptions options() throws CliException {
    SoftTokenOptions.Builder options = SoftTokenOptions.builder();
    if (maxPinRetries != null) {
      try {
        options.maxPinRetries(maxPinRetries);
      } catch (IllegalArgumentException e) {
        throw new CliException("--max-pin-retries: " + e.getMessage(), e);
      }
    }
    if (kdfCost != null) {
      try {
        options.scryptCost(kdfCost, SoftTokenOptions.DEFAULT_SCRYPT_R,
            SoftTokenOptions.DEFAULT_SCRYPT_P);
      } catch (IllegalArgumentException e) {
        throw new CliException("--kdf-cost: " + e.getMessage(), e);
      }
    }
    return options.build();
  }
}
