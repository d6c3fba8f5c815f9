package org.ukey.cli;

import org.ukey.api.Pin;
import org.ukey.api.PinStatus;
import org.ukey.api.Token;
import org.ukey.api.TokenProvider;
import org.ukey.policy.PinPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ukey pin unlock}: the security officer (SO) sets a new user PIN, which resets the
 * retry counter of a locked or forgotten PIN (PKCS#11 {@code C_InitPIN}). The SO PIN comes from
 * {@code --so-pin-env} / {@code --so-pin-file} (or a prompt), the new user PIN from
 * {@code --new-pin-env} / {@code --new-pin-file} (or a prompt, asked twice). The new PIN is
 * checked against {@code --policy NAME} or the {@linkplain PinPolicy#baseline() baseline} first
 * ({@link PinPolicyOption}); a refusal names the rule and its article and exits 2.
 */
@Command(name = "unlock", description = "Set a new user PIN as the security officer (SO PIN"
    + " from --so-pin-env, new PIN from --new-pin-env).")
final class PinUnlockCommand extends VerbCommand {
  @Mixin
  SoPinOptions soPinOptions;

  @Mixin
  NewPinOptions newPinOptions;

  @Mixin
  PinPolicyOption policyOption;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    PinPolicy pinPolicy = policyOption.policy().orElse(null);
    PinSource soSource = soPinOptions.source();
    PinSource newSource = newPinOptions.source();
    ProviderChoice choice = ukey.providers();
    try (TokenProvider provider = choice.open()) {
      Token token = choice.token(provider);
      String label = token.info().label();
      try (Pin soPin = soSource.read(ukey.environment(), "SO PIN for '" + label + "': ");
          Pin newPin = newSource.readNew(ukey.environment(), "New user PIN for '" + label
              + "': ")) {
        if (pinPolicy != null) {
          pinPolicy.check(newPin);
        }
        token.unlockPin(soPin, newPin);
      }
      PinStatus status = token.info().pinStatus();
      String text = "User PIN of '" + label + "' reset by the security officer."
          + (status.mustChange()
              ? "\nThe holder must change it before first use: `ukey pin change`." : "");
      ukey.print(Json.object().put("token", label).put("unlocked", true)
          .put("pinStatus", JsonViews.pinStatus(status))
          .put("policy", pinPolicy == null ? "none" : pinPolicy.name()), text);
      return Failures.OK;
    }
  }
}
