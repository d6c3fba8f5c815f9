package org.ukey.ofd;

import java.util.List;

/**
 * The verification of every signature of an OFD document (验签/验章).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param signatures one result per signature, in Signatures.xml order, documents in order
 */
public record OfdReport(List<OfdSignatureResult> signatures) {
  /**
   * Copies the list.
   *
   * @param signatures the results
   */
  public OfdReport {
    signatures = List.copyOf(signatures);
  }

  /**
   * Whether the document is signed and every signature is valid.
   *
   * @return false for an unsigned document or when any signature is invalid
   */
  public boolean isValid() {
    return !signatures.isEmpty() && signatures.stream().allMatch(OfdSignatureResult::isValid);
  }

  /**
   * A human summary: one block per signature.
   *
   * @return the text
   */
  public String describe() {
    if (signatures.isEmpty()) {
      return "NOT SIGNED: the document has no signatures";
    }
    StringBuilder sb = new StringBuilder(isValid() ? "VALID" : "INVALID");
    sb.append(": ").append(signatures.size()).append(signatures.size() == 1 ? " signature"
        : " signatures").append('\n');
    for (OfdSignatureResult s : signatures) {
      sb.append("Signature ").append(s.id()).append(" (").append(s.type()).append(", ")
          .append(s.signaturePath()).append("): ").append(s.isValid() ? "valid" : "INVALID")
          .append('\n');
      for (StampPosition p : s.stamps()) {
        sb.append("  stamp on page ").append(p.pageIndex() + 1).append(" (ID ")
            .append(p.pageId()).append(") at ").append(p.boundary()).append(" mm\n");
      }
      long ok = s.references().stream().filter(r -> r.outcome()
          == org.ukey.seal.VerificationReport.Outcome.PASS).count();
      sb.append("  references: ").append(ok).append(" of ").append(s.references().size())
          .append(" files unchanged\n");
      for (String f : s.changedFiles()) {
        sb.append("  CHANGED   ").append(f).append('\n');
      }
      sb.append("  signed value: ").append(s.signedValue()).append(" — ")
          .append(s.signedValueDetail()).append('\n');
      if (s.sealFile() != org.ukey.seal.VerificationReport.Outcome.NOT_CHECKED) {
        sb.append("  Seal.esl equals the seal in the signature: ").append(s.sealFile())
            .append('\n');
      }
      s.sealReport().ifPresent(r -> sb.append(r.describe().replaceAll("(?m)^", "  ")));
    }
    return sb.toString();
  }
}
