package org.ukey.cli;

import org.ukey.api.Pin;
import org.ukey.api.PolicyViolationException;
import org.ukey.policy.PinPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey pin check --policy town-000|finance-001}: judges a PIN (from {@code --pin-env},
 * {@code --pin-file} or the prompt) against a PIN policy without touching any token. Exit 0
 * acceptable, 1 refused with the rule (never the PIN), 2 error.
 */
@Command(name = "check", description = "Check a PIN against a policy: exit 0 acceptable,"
    + " 1 refused with the rule.")
final class PinCheckCommand extends VerbCommand {
  @Option(names = "--policy", required = true, paramLabel = "NAME",
      description = "town-000 (seed 000 §11: 8-16, upper+lower+digit+special) or finance-001"
          + " (seed 001 §23: 6-10, digits and letters) or baseline (no initial, default,"
          + " trivial or weak PIN; any length and characters).")
  String policy;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    PinPolicy p = PinPolicyOption.byName(policy);
    try (Pin pin = ukey.userPin().read(ukey.environment(), "PIN to check: ")) {
      p.check(pin);
    } catch (PolicyViolationException e) {
      ukey.print(Json.object().put("policy", p.name()).put("acceptable", false)
              .put("rule", e.rule()).put("source", e.source()).put("reason", e.getMessage()),
          "PIN refused by " + p.name() + ": " + e.getMessage());
      return Failures.INVALID;
    }
    ukey.print(Json.object().put("policy", p.name()).put("acceptable", true),
        "PIN acceptable under " + p.name() + ".");
    return Failures.OK;
  }
}
