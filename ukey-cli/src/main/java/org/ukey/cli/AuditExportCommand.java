package org.ukey.cli;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.ukey.policy.AuditReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ukey audit export --out F}: the entries (of a period), the checkpoints and the
 * verification report as JSON Lines, for the monthly self-check and spot checks (seed 000 §21).
 */
@Command(name = "export", description = "Export the audit trail as JSON Lines for the monthly"
    + " self-check and spot checks (seed 000 §21).")
final class AuditExportCommand extends VerbCommand {
  @Option(names = "--out", required = true, paramLabel = "F", description = "Output file.")
  Path out;

  @Option(names = "--from", paramLabel = "DATE", description = "First day included.")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Last day included.")
  String to;

  @Mixin
  AuditorKey auditor;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    ZoneId zone = ukey.policy().clock().getZone();
    Instant start = from == null ? null
        : LedgerIssueCommand.date("--from", from).atStartOfDay(zone).toInstant();
    Instant end = to == null ? null
        : LedgerIssueCommand.date("--to", to).plusDays(1).atStartOfDay(zone).toInstant();
    StringWriter w = new StringWriter();
    AuditReport r = ukey.policy().audit().export(w, start, end, auditor.verifier());
    byte[] bytes = w.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(out, bytes);
    long entries = w.toString().lines().filter(l -> l.startsWith("{\"type\":\"entry\""))
        .count();
    ukey.print(AuditVerifyCommand.json(r).put("out", out.toString()).put("exported", entries),
        "Exported " + entries + " entries to " + out + ". " + AuditVerifyCommand.text(r));
    return Failures.OK;
  }
}
