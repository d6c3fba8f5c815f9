package org.ukey.cli;

import org.ukey.policy.KeyNumber;
import org.ukey.policy.KeyRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ukey ledger show --key-no N}: one key's whole file, history included. */
@Command(name = "show", description = "Show one key's file and history.")
final class LedgerShowCommand extends VerbCommand {
  @Option(names = "--key-no", required = true, paramLabel = "N", description = "Key number.")
  String keyNo;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    KeyRecord r;
    try {
      r = ukey.policy().ledger().get(KeyNumber.of(keyNo));
    } catch (IllegalArgumentException e) {
      throw new CliException("--key-no: " + e.getMessage());
    }
    ukey.print(LedgerViews.record(r, true), LedgerViews.text(r));
    return Failures.OK;
  }
}
