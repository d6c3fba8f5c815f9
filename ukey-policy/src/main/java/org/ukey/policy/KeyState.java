package org.ukey.policy;

/**
 * Where a UKey is in its life (全生命周期, seed 000 §1, §20). The allowed moves between states are
 * in {@link LedgerAction}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum KeyState {
  /** Applied for (申请), waiting for the department head (seed 000 §9.1). */
  APPLIED,
  /** Passed the department head's first review (部门负责人初审, seed 000 §9.2). */
  DEPT_APPROVED,
  /** Approved by the leader in charge (分管领导审批, seed 000 §9.2). */
  LEADER_APPROVED,
  /** Approved by city finance (市财政局审批, seed 000 §9.2–9.3): ready to be made and issued. */
  APPROVED,
  /** The application was refused at some level. */
  REJECTED,
  /** Issued to its holder in person and usable (seed 000 §10). */
  ACTIVE,
  /** Frozen (冻结): not usable until unfrozen (seed 001 §17; seed 000 §17.2, §19.1). */
  FROZEN,
  /** The holder is leaving or moving post; handover due (seed 000 §15.1); not usable. */
  HANDOVER_DUE,
  /** Handed back to the managing office (回收, seed 000 §16.1). */
  RETURNED,
  /** Certificate revoked and key disabled (注销, seed 000 §16.2; seed 001 §18). */
  REVOKED,
  /** Destroyed with a record (销毁, seed 000 §16.3, §18.3). */
  DESTROYED,
  /** Closed and archived (归档, seed 000 §1). */
  ARCHIVED;

  /**
   * Whether the key may be used in this state.
   *
   * @return true for {@link #ACTIVE} only
   */
  public boolean usable() {
    return this == ACTIVE;
  }

  /**
   * Whether the key is still held by someone (issued and not yet returned or closed).
   *
   * @return true for ACTIVE, FROZEN and HANDOVER_DUE
   */
  public boolean held() {
    return this == ACTIVE || this == FROZEN || this == HANDOVER_DUE;
  }
}
