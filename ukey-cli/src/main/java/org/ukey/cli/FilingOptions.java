package org.ukey.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.ukey.seal.FilingDetails;
import picocli.CommandLine.Option;

/** The registry book's facts of a filing (seed 002 annex): effective date, copies, parties. */
final class FilingOptions {
  @Option(names = "--effective", required = true, paramLabel = "DATE",
      description = "Effective date (生效日期), such as 2026-12-01.")
  String effective;

  @Option(names = "--copies", paramLabel = "N", defaultValue = "2",
      description = "Copies handed over (份数; default 2, seed 002 §6(2)).")
  int copies;

  @Option(names = "--handed-over-by", paramLabel = "WHO", description = "交接方.")
  String handedOverBy;

  @Option(names = "--received-by", paramLabel = "WHO", description = "接收方.")
  String receivedBy;

  @Option(names = "--note", paramLabel = "TEXT", description = "Remarks (备注).")
  String note;

  FilingDetails details() throws CliException {
    LocalDate date;
    try {
      date = LocalDate.parse(effective);
    } catch (DateTimeParseException e) {
      throw new CliException("--effective '" + effective + "' is not a date such as 2026-12-01");
    }
    if (copies < 1) {
      throw new CliException("--copies must be at least 1");
    }
    return new FilingDetails(date, copies, handedOverBy, receivedBy, note, Optional.empty());
  }
}
