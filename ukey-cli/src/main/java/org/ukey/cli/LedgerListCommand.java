package org.ukey.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ukey.policy.KeyRecord;
import org.ukey.policy.KeyState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ukey ledger list [--state S] [--holder P]}. */
@Command(name = "list", description = "List keys, by state or holder.")
final class LedgerListCommand extends VerbCommand {
  @Option(names = "--state", paramLabel = "S", description = "APPLIED, DEPT_APPROVED,"
      + " LEADER_APPROVED, APPROVED, REJECTED, ACTIVE, FROZEN, HANDOVER_DUE, RETURNED, REVOKED,"
      + " DESTROYED or ARCHIVED (any case, - for _).")
  String state;

  @Option(names = "--holder", paramLabel = "P", description = "Holder.")
  String holder;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    KeyState s = null;
    if (state != null) {
      try {
        s = KeyState.valueOf(state.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new CliException("--state: unknown state '" + state + "' (valid: "
            + Arrays.stream(KeyState.values()).map(Enum::name)
                .collect(Collectors.joining(", ")) + ")");
      }
    }
    KeyState wanted = s;
    List<KeyRecord> keys = ukey.policy().ledger().all().stream()
        .filter(r -> wanted == null || r.state() == wanted)
        .filter(r -> holder == null || r.holder().value().equals(holder))
        .collect(Collectors.toList());
    ukey.print(LedgerViews.list(keys), LedgerViews.table(keys));
    return Failures.OK;
  }
}
