package org.ukey.cli;

import java.util.Locale;
import java.util.Optional;
import org.ukey.policy.PinPolicy;
import picocli.CommandLine.Option;

/**
 * {@code --policy NAME}: the PIN policy a new user PIN must pass in {@code ukey pin change} and
 * {@code ukey pin unlock}. PIN rules are checked on every PIN change through the SDK (issue 7,
 * seed 000 §11): without the option the {@linkplain PinPolicy#baseline() baseline} applies
 * (no initial or default PIN, no trivial sequence or repeat, no known weak PIN, not the current
 * PIN; length and characters are left to the token); {@code town-000} and {@code finance-001}
 * select a preset; {@code none} opts out explicitly. The store keeps no PIN policy setting of
 * its own, so the default is the same for every store.
 *
 * <p><b>Thread-safety:</b> filled in by picocli; one per run.
 */
final class PinPolicyOption {
  /** The names {@code --policy} takes besides {@code none}. */
  static final String KNOWN = "town-000, finance-001, baseline";

  @Option(names = "--policy", paramLabel = "NAME", description = "Refuse a new PIN that this"
      + " PIN policy refuses: town-000 (seed 000 §11), finance-001 (seed 001 §23), baseline"
      + " (the default: no initial, default, trivial or weak PIN, not the current PIN), or"
      + " none to check nothing.")
  String name;

  /**
   * The policy chosen.
   *
   * @return the policy, or empty for {@code --policy none}
   * @throws CliException if the name is unknown
   */
  Optional<PinPolicy> policy() throws CliException {
    if (name == null) {
      return Optional.of(PinPolicy.baseline());
    }
    if (name.toLowerCase(Locale.ROOT).equals("none")) {
      return Optional.empty();
    }
    return Optional.of(byName(name));
  }

  /**
   * A policy by its name, as {@code --policy} takes it.
   *
   * @param name the name
   * @return the policy
   * @throws CliException if the name is unknown
   */
  static PinPolicy byName(String name) throws CliException {
    return PinPolicy.byName(name).orElseThrow(() -> new CliException(
        "--policy: unknown policy '" + name + "' (known: " + KNOWN + ")"));
  }
}
