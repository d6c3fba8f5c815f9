package org.ukey.cli;

import java.util.List;
import java.util.stream.Collectors;
import org.ukey.policy.KeyRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey ledger expiring --days D}: held keys whose validity ends within D days, to renew
 * ahead of time (seed 001 §14), and handovers past due (seed 000 §15.1).
 */
@Command(name = "expiring", description = "Keys expiring within D days (seed 001 §14).")
final class LedgerExpiringCommand extends VerbCommand {
  @Option(names = "--days", required = true, paramLabel = "D", description = "Days ahead.")
  int days;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    if (days < 0) {
      throw new CliException("--days must be 0 or more");
    }
    List<KeyRecord> keys = ukey.policy().ledger().expiring(days);
    List<KeyRecord> overdue = ukey.policy().ledger().overdueHandovers();
    Json j = LedgerViews.list(keys);
    j.put("overdueHandovers", overdue.stream().map(r -> r.keyNo().value())
        .collect(Collectors.toList()));
    String text = keys.isEmpty() ? "No key expires within " + days + " days."
        : "Expiring within " + days + " days (renew ahead, seed 001 §14):\n"
            + LedgerViews.table(keys);
    if (!overdue.isEmpty()) {
      text += "\nHandovers overdue (seed 000 §15.1):\n" + LedgerViews.table(overdue);
    }
    ukey.print(j, text);
    return Failures.OK;
  }
}
