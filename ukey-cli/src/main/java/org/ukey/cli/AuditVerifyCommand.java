package org.ukey.cli;

import java.util.ArrayList;
import java.util.List;
import org.ukey.policy.AuditFinding;
import org.ukey.policy.AuditReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ukey audit verify}: reads the whole trail; exit 0 intact, 1 tampered (each finding says
 * what and where), 2 error.
 */
@Command(name = "verify", description = "Verify the audit trail: exit 0 intact, 1 tampered"
    + " (and where), 2 error.")
final class AuditVerifyCommand extends VerbCommand {
  @Mixin
  AuditorKey auditor;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    AuditReport r = ukey.policy().audit().verify(auditor.verifier());
    ukey.print(json(r), text(r));
    return r.intact() ? Failures.OK : Failures.INVALID;
  }

  static Json json(AuditReport r) {
    List<Json> findings = new ArrayList<>();
    for (AuditFinding f : r.findings()) {
      findings.add(Json.object().put("kind", f.kind().name()).put("position", f.position())
          .put("seq", f.seq()).put("detail", f.detail()));
    }
    return Json.object().put("intact", r.intact()).put("entries", r.entries())
        .put("lastSeq", r.lastSeq()).put("checkpoints", r.checkpoints())
        .put("lastCheckpointSeq", r.lastCheckpointSeq())
        .put("signaturesChecked", r.signaturesChecked()).put("findings", findings);
  }

  static String text(AuditReport r) {
    StringBuilder sb = new StringBuilder(r.intact() ? "Audit trail intact: " : "Audit trail"
        + " TAMPERED: ");
    sb.append(r.entries()).append(" entries, ").append(r.checkpoints()).append(" checkpoints");
    if (r.lastCheckpointSeq() > 0) {
      sb.append(", signed up to entry ").append(r.lastCheckpointSeq());
    }
    if (!r.signaturesChecked() && r.checkpoints() > 0) {
      sb.append(" (checkpoint signatures not checked: give --auditor-public or --auditor-cert)");
    }
    for (AuditFinding f : r.findings()) {
      sb.append("\n  ").append(f);
    }
    return sb.toString();
  }
}
