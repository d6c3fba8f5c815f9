package org.ukey.cli;

import org.ukey.api.Pin;
import org.ukey.api.Token;
import org.ukey.api.TokenInfo;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.Pkcs11Token;
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
 *
 * <p>With {@code --pkcs11 LIB} it initialises a PKCS#11 token instead: the first blank one, or
 * the one in {@code --slot N} ({@code --reinitialize} if it holds keys).
 */
@Command(name = "init", description = "Create a soft token, or initialise a PKCS#11 token with"
    + " --pkcs11 (user PIN from --pin-env, SO PIN from --so-pin-env).")
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

  @Option(names = "--reinitialize",
      description = "With --pkcs11 --slot N: initialise a token that already is, destroying"
          + " every key on it (C_InitToken with its SO PIN).")
  boolean reinitialize;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    PinSource userSource = ukey.userPin();
    PinSource soSource = soPinOptions.source();
    ProviderChoice choice = ukey.providers();
    if (ukey.pkcs11 != null) {
      return initPkcs11(ukey, choice, userSource, soSource);
    }
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

  /**
   * Initialises a PKCS#11 token: the one in {@code --slot N}, else the first blank one
   * ({@code C_InitToken} with the SO PIN and label, then {@code C_InitPIN} with the user PIN).
   */
  private int initPkcs11(UkeyCommand ukey, ProviderChoice choice, PinSource userSource,
      PinSource soSource) throws Exception {
    if (maxPinRetries != null || kdfCost != null) {
      throw new CliException("--max-pin-retries and --kdf-cost are soft token settings; a"
          + " PKCS#11 token keeps its own");
    }
    if (ukey.token != null) {
      throw new CliException("token init names the new token with --label; choose the slot"
          + " with --slot N");
    }
    try (Pkcs11Provider provider = choice.openPkcs11("token init")) {
      Pkcs11Token target = null;
      if (ukey.slot != null) {
        target = provider.slot(ukey.slot);
        if (target.isInitialized() && !reinitialize) {
          throw new CliException("the token in slot " + ukey.slot + " ('"
              + target.info().label() + "') is initialised; --reinitialize destroys its keys");
        }
      } else {
        for (Pkcs11Token t : provider.slots()) {
          if (!t.isInitialized()) {
            target = t;
            break;
          }
        }
        if (target == null) {
          throw new CliException("no blank token in " + provider.description()
              + "; choose one with --slot N (and --reinitialize to destroy its keys)");
        }
      }
      try (Pin userPin = userSource.readNew(ukey.environment(), "User PIN for '" + label
              + "': ");
          Pin soPin = soSource.readNew(ukey.environment(), "SO PIN for '" + label + "': ")) {
        target.initialize(soPin, label);
        Pkcs11Token token = provider.token(label);
        token.unlockPin(soPin, userPin);
        TokenInfo info = token.info();
        String text = "Initialised PKCS#11 token '" + info.label() + "' (serial "
            + info.serialNumber() + ") in slot " + token.slotId() + " of "
            + provider.description() + ".";
        ukey.print(JsonViews.token(info).put("slot", token.slotId())
            .put("provider", provider.description()), text);
        return Failures.OK;
      }
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
