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
import picocli.CommandLine.Option;

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

  @Option(names = "--policy", paramLabel = "NAME", description = "Refuse a new PIN that this"
      + " PIN policy refuses: town-000 (seed 000 §11) or finance-001 (seed 001 §23).")
  String policy;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    PinPolicy pinPolicy = policy == null ? null : PinPolicy.byName(policy).orElseThrow(
        () -> new CliException("--policy: unknown policy '" + policy
            + "' (known: town-000, finance-001)"));
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
              .put("pinStatus", JsonViews.pinStatus(token.info().pinStatus())),
          "User PIN of '" + label + "' changed.");
      return Failures.OK;
    }
  }
}
