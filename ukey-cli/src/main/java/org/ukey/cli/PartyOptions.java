package org.ukey.cli;

import java.util.Locale;
import org.ukey.seal.Party;
import picocli.CommandLine.Option;

/** The filing party of a seal: {@code --party NAME --role ROLE} (seed 002 §3). */
final class PartyOptions {
  @Option(names = "--party", required = true, paramLabel = "NAME",
      description = "The party whose seal it is, such as 某某县财政局.")
  String name;

  @Option(names = "--role", required = true, paramLabel = "ROLE",
      description = "finance-bureau, central-bank-branch, agent-bank or budget-unit.")
  String role;

  Party party() throws CliException {
    String r = role.toUpperCase(Locale.ROOT).replace('-', '_');
    for (Party.Role candidate : Party.Role.values()) {
      if (candidate.name().equals(r)) {
        return new Party(name, candidate);
      }
    }
    throw new CliException("unknown --role '" + role + "'; one of finance-bureau,"
        + " central-bank-branch, agent-bank, budget-unit");
  }
}
