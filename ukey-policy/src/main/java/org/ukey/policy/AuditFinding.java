package org.ukey.policy;

import java.util.Objects;

/**
 * One thing {@link AuditTrail#verify} found wrong, and where.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param kind what is wrong
 * @param position the 0-based stored position it was found at, or -1 for the trail as a whole
 * @param seq the sequence number concerned, or -1
 * @param detail one line for the operator
 */
public record AuditFinding(Kind kind, long position, long seq, String detail) {
  /** What is wrong. */
  public enum Kind {
    /** An entry's content differs from what was chained or signed. */
    EDITED,
    /** Entries are missing from the middle of the chain. */
    DELETED,
    /** An entry that was never appended (a second entry claiming a taken position). */
    INSERTED,
    /** Entries are stored out of order. */
    REORDERED,
    /** Entries covered by a signed checkpoint are missing from the end. */
    TRUNCATED,
    /** A stored record cannot be read at all. */
    MALFORMED,
    /** A checkpoint's signature does not verify, or it cannot be read. */
    BAD_CHECKPOINT
  }

  /**
   * Validates.
   *
   * @param kind what
   * @param position where
   * @param seq which entry
   * @param detail explanation
   */
  public AuditFinding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return kind + (seq >= 0 ? " at seq " + seq : "")
        + (position >= 0 ? " (stored position " + position + ")" : "") + ": " + detail;
  }
}
