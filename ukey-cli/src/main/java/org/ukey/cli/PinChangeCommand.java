package org.ukey.cli;

import org.ukey.api.Pin;
import org.ukey.api.Token;
import org.ukey.api.TokenProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ukey pin change}: replaces the user PIN. The current PIN comes from {@code --pin-env} /
 * {@code --pin-file} (or a prompt), the new one from {@code --new-pin-env} /
 * {@code --new-pin-file} (or a prompt, asked twice). This is also how an initial PIN is replaced
 * before first use (seed 000 §11.1).
 */
@Command(name = "change", description = "Change the user PIN (current PIN from --pin-env,"
    + " new PIN from --new-pin-env).")
final class PinChangeCommand extends VerbCommand {
  @Mixin
  NewPinOptions newPinOptions;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    PinSource newSource = newPinOptions.source();
    PinSource oldSource = ukey.userPin();
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      String label = token.info().label();
      try (Pin oldPin = oldSource.read(ukey.environment(), "Current user PIN for '" + label
              + "': ");
          Pin newPin = newSource.readNew(ukey.environment(), "New user PIN for '" + label
              + "': ")) {
        token.changePin(oldPin, newPin);
      }
      ukey.print(Json.object().put("token", label).put("changed", true)
              .put("pinStatus", JsonViews.pinStatus(token.info().pinStatus())),
          "User PIN of '" + label + "' changed.");
      return Failures.OK;
    }
  }
}
