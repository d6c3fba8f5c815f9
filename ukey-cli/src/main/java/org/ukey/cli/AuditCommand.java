package org.ukey.cli;

import picocli.CommandLine.Command;

/** {@code ukey audit ...}: the audit trail (全程留痕) in {@code <store>/audit/}. */
@Command(name = "audit", description = "The audit trail: verify, export, sign a checkpoint.",
    subcommands = {AuditVerifyCommand.class, AuditExportCommand.class,
        AuditCheckpointCommand.class})
final class AuditCommand extends VerbGroup {
}
