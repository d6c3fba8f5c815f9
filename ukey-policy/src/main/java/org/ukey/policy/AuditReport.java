package org.ukey.policy;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link AuditTrail#verify}: how many entries and checkpoints were checked and
 * everything found wrong.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param entries the number of stored entries read
 * @param lastSeq the highest sequence number seen
 * @param checkpoints the number of checkpoints checked
 * @param lastCheckpointSeq the entry the newest valid checkpoint covers, or 0
 * @param signaturesChecked whether checkpoint signatures were verified (a verifier was given)
 * @param findings what is wrong, in stored order; empty when intact
 */
public record AuditReport(long entries, long lastSeq, int checkpoints, long lastCheckpointSeq,
    boolean signaturesChecked, List<AuditFinding> findings) {
  /**
   * Copies.
   *
   * @param entries entries read
   * @param lastSeq highest seq
   * @param checkpoints checkpoints checked
   * @param lastCheckpointSeq newest covered entry
   * @param signaturesChecked whether signatures were verified
   * @param findings what is wrong
   */
  public AuditReport {
    findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
  }

  /**
   * Whether nothing was found wrong.
   *
   * @return true when intact
   */
  public boolean intact() {
    return findings.isEmpty();
  }

  @Override
  public String toString() {
    return intact()
        ? "audit trail intact: " + entries + " entries, " + checkpoints + " checkpoints"
            + (lastCheckpointSeq > 0 ? ", signed up to seq " + lastCheckpointSeq : "")
        : "audit trail TAMPERED: " + findings.get(0)
            + (findings.size() > 1 ? " (and " + (findings.size() - 1) + " more)" : "");
  }
}
