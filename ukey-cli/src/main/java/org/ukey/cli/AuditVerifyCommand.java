package org.ukey.cli;

import java.util.ArrayList;
import java.util.List;
import org.ukey.policy.AuditFinding;
import org.ukey.policy.AuditReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ukey audit verify}: reads the whole trail; exit 0 intact, 1 tampered (each finding says
 * what and where), 2 error. A trail without a checkpoint is reported intact with a warning that
 * truncation of its tail cannot be detected ({@link #NO_CHECKPOINT}); entries after the last
 * checkpoint are counted.
 */
@Command(name = "verify", description = "Verify the audit trail: exit 0 intact, 1 tampered"
    + " (and where), 2 error.")
final class AuditVerifyCommand extends VerbCommand {
  /**
   * Said whenever the trail has no checkpoint: the SM3 chain shows edits, deletions and
   * insertions, but entries cut off the end leave a shorter, still consistent chain; only a
   * signed checkpoint over the last entry makes that visible. The CLI signs none by itself (it
   * has no auditor key of its own).
   */
  static final String NO_CHECKPOINT = "no checkpoint: truncation of the tail cannot be"
      + " detected; run `ukey audit checkpoint --key AUDITOR-KEY` with an auditor's key on a"
      + " token (daily and before every export), and verify with --auditor-public or"
      + " --auditor-cert";

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
        .put("signaturesChecked", r.signaturesChecked())
        .put("entriesAfterCheckpoint", entriesAfterCheckpoint(r))
        .put("warning", r.checkpoints() == 0 ? NO_CHECKPOINT : null)
        .put("findings", findings);
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
    long after = entriesAfterCheckpoint(r);
    if (r.checkpoints() == 0) {
      sb.append("\nWARNING: ").append(NO_CHECKPOINT);
    } else if (after > 0) {
      sb.append("\nNote: ").append(after).append(after == 1 ? " entry" : " entries")
          .append(" after the last checkpoint: cutting ").append(after == 1 ? "it" : "them")
          .append(" off cannot be detected until the next `ukey audit checkpoint`");
    }
    return sb.toString();
  }

  /** Entries no valid checkpoint covers: their removal from the end leaves no trace. */
  private static long entriesAfterCheckpoint(AuditReport r) {
    return Math.max(0, r.lastSeq() - r.lastCheckpointSeq());
  }
}
