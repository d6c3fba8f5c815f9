package org.ukey.cli;

import org.ukey.policy.KeyNumber;
import org.ukey.policy.KeyRecord;
import org.ukey.policy.PersonId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ukey ledger handover --key-no N --to PERSON --witness PERSON} (seed 000 §15). */
@Command(name = "handover", description = "Hand a key to a successor before a witness"
    + " (seed 000 §15).")
final class LedgerHandoverCommand extends VerbCommand {
  @Option(names = "--key-no", required = true, paramLabel = "N", description = "Key number.")
  String keyNo;

  @Option(names = "--to", required = true, paramLabel = "PERSON", description = "Successor.")
  String to;

  @Option(names = "--witness", required = true, paramLabel = "PERSON",
      description = "Witness (监交人), neither giver nor receiver.")
  String witness;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (调岗, 离职, 退休).")
  String reason;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    CliPolicy policy = ukey.policy();
    KeyRecord r;
    try {
      r = policy.ledger().handover(KeyNumber.of(keyNo), PersonId.of(to), PersonId.of(witness),
          reason, policy.person());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    ukey.print(LedgerViews.record(r, false), "Key " + r.keyNo() + " handed over to "
        + r.holder() + " (witness " + witness + "). The new holder must change the PIN.");
    return Failures.OK;
  }
}
