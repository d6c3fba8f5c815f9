package org.ukey.cli;

import org.ukey.api.Pin;
import org.ukey.api.Token;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.Operation;
import org.ukey.policy.PinHistory;
import org.ukey.policy.PinPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ukey pin change}: replaces the user PIN. The current PIN comes from {@code --pin-env} /
 * {@code --pin-file} (or a prompt), the new one from {@code --new-pin-env} /
 * {@code --new-pin-file} (or a prompt, asked twice). This is also how an initial PIN is replaced
 * before first use (seed 000 §11.1).
 *
 * <p>The new PIN is checked before the token sees it, against {@code --policy NAME} or, without
 * it, the {@linkplain PinPolicy#baseline() baseline} ({@link PinPolicyOption}); a refusal names
 * the rule and its article, never the PIN, and exits 2.
 */
@Command(name = "change", description = "Change the user PIN (current PIN from --pin-env,"
    + " new PIN from --new-pin-env).")
final class PinChangeCommand extends VerbCommand {
  @Mixin
  NewPinOptions newPinOptions;

  @Mixin
  PinPolicyOption policyOption;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    PinPolicy pinPolicy = policyOption.policy().orElse(null);
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
        try {
          if (pinPolicy != null) {
            pinPolicy.check(newPin, oldPin, PinHistory.NONE);
          }
          token.changePin(oldPin, newPin);
        } catch (UKeyException e) {
          ukey.policy().recordFailure(Operation.PIN_CHANGE, token, null, e);
          throw e;
        }
      }
      ukey.policy().record(Operation.PIN_CHANGE, token, null, null, AuditOutcome.SUCCEEDED,
          "ukey pin change");
      ukey.policy().pinChanged(token);
      ukey.print(Json.object().put("token", label).put("changed", true)
              .put("policy", pinPolicy == null ? "none" : pinPolicy.name())
              .put("pinStatus", JsonViews.pinStatus(token.info().pinStatus())),
          "User PIN of '" + label + "' changed.");
      return Failures.OK;
    }
  }
}
