package org.ukey.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.ukey.policy.KeyLedger;
import org.ukey.policy.KeyNumber;
import org.ukey.policy.KeyPurpose;
import org.ukey.policy.KeyRecord;
import org.ukey.policy.PersonId;
import org.ukey.policy.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey ledger issue}: records a key issued to its holder in person (seed 000 §10). The
 * separation-of-duty rules of seed 000 §4 and §7 are checked; a refusal names its article. The
 * UKey's serial is the global {@code --token} option (CLI.md: {@code [--token SERIAL]}).
 */
@Command(name = "issue", description = "Record a key issued to its holder (seed 000 §10).")
final class LedgerIssueCommand extends VerbCommand {
  @Option(names = "--key-no", required = true, paramLabel = "N", description = "Key number.")
  String keyNo;

  @Option(names = "--type", required = true, paramLabel = "T",
      description = "Key type: operation or seal (or a host's own).")
  String type;

  @Option(names = "--holder", required = true, paramLabel = "PERSON", description = "Holder.")
  String holder;

  @Option(names = "--role", required = true, paramLabel = "ROLE",
      description = "Post: entry, accounting, approval, seal-keeper, payment, review, auditor.")
  String role;

  @Option(names = "--cert-serial", required = true, paramLabel = "S",
      description = "Certificate serial (hex).")
  String certSerial;

  @Option(names = "--valid-to", required = true, paramLabel = "DATE",
      description = "Last day of validity (YYYY-MM-DD).")
  String validTo;

  @Option(names = "--valid-from", paramLabel = "DATE", description = "First day (default today).")
  String validFrom;

  @Option(names = "--usage", paramLabel = "TEXT", description = "Use and scope (用途).")
  String usage;

  @Option(names = "--checked-by", paramLabel = "PERSON", description = "Who checked the holder's"
      + " identity on the spot (default: --person).")
  String checkedBy;

  @Option(names = "--approval-ref", paramLabel = "REF", defaultValue = "on paper",
      description = "Reference of the approval (seed 000 §9) when the key was not applied for"
          + " in the ledger (default: \"on paper\").")
  String approvalRef;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    CliPolicy policy = ukey.policy();
    PersonId actor = policy.person();
    KeyRecord r;
    try {
      r = policy.ledger().issue(new KeyLedger.Issue(KeyNumber.of(keyNo), KeyPurpose.of(type),
          Role.of(role), PersonId.of(holder), certSerial, ukey.token, null,
          validFrom == null ? null : date("--valid-from", validFrom), date("--valid-to", validTo),
          usage, checkedBy == null ? actor : PersonId.of(checkedBy), approvalRef), actor);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    ukey.print(LedgerViews.record(r, false), "Issued key " + r.keyNo() + " (" + r.purpose()
        + ", " + r.role() + ") to " + r.holder() + ", valid to " + r.validTo().orElseThrow()
        + ". The holder must change the initial PIN before use (seed 000 §11.1).");
    return Failures.OK;
  }

  static LocalDate date(String option, String value) throws CliException {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new CliException(option + ": not a date (YYYY-MM-DD): " + value);
    }
  }
}
