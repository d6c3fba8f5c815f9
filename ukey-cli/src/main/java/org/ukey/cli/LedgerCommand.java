package org.ukey.cli;

import picocli.CommandLine.Command;

/** {@code ukey ledger ...}: the key ledger (台账, seed 000 §20) in {@code <store>/ledger/}. */
@Command(name = "ledger", description = "The key ledger (台账): issue, freeze, hand over,"
    + " return, revoke, destroy; show and list keys.",
    subcommands = {LedgerIssueCommand.class, LedgerChangeCommand.Freeze.class,
        LedgerChangeCommand.Unfreeze.class, LedgerChangeCommand.Revoke.class,
        LedgerChangeCommand.Destroy.class, LedgerChangeCommand.Return.class,
        LedgerHandoverCommand.class, LedgerShowCommand.class, LedgerListCommand.class,
        LedgerExpiringCommand.class})
final class LedgerCommand extends VerbGroup {
}
