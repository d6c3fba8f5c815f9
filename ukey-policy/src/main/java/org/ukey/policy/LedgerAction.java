package org.ukey.policy;

import java.util.EnumSet;
import java.util.Set;

/**
 * What can happen to a UKey in the ledger, from which states, and the article that says so. An
 * action from any other state is refused, citing {@link #rule()}.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum LedgerAction {
  /** Apply for a key (申请), stating type, use, post and scope. */
  APPLY("seed 000 §9.1", null, KeyState.APPLIED),
  /** One level of approval, in the order 部门负责人 → 分管领导 → 市财政局. */
  APPROVE("seed 000 §9.2", EnumSet.of(KeyState.APPLIED, KeyState.DEPT_APPROVED,
      KeyState.LEADER_APPROVED), null),
  /** Refuse the application at the current level. */
  REJECT("seed 000 §9.2", EnumSet.of(KeyState.APPLIED, KeyState.DEPT_APPROVED,
      KeyState.LEADER_APPROVED), KeyState.REJECTED),
  /**
   * Issue in person (领用登记) after approval, or (with no record yet) record a key whose
   * approval is on paper, citing the approval's reference.
   */
  ISSUE("seed 000 §10", EnumSet.of(KeyState.APPROVED), KeyState.ACTIVE),
  /** Freeze (冻结) while the key is not to be used, lost, or under suspicion. */
  FREEZE("seed 001 §17; seed 000 §17.2; seed 000 §19.1", EnumSet.of(KeyState.ACTIVE),
      KeyState.FROZEN),
  /** Unfreeze (解冻) before use resumes. */
  UNFREEZE("seed 001 §17", EnumSet.of(KeyState.FROZEN), KeyState.ACTIVE),
  /** Renew (延期) the certificate's validity. */
  RENEW("seed 001 §14", EnumSet.of(KeyState.ACTIVE), KeyState.ACTIVE),
  /** Update (更新) the certificate after the holder's details change. */
  UPDATE("seed 001 §15; seed 000 §14", EnumSet.of(KeyState.ACTIVE), KeyState.ACTIVE),
  /** Report a loss or theft (丢失/被盗): the key is frozen at once. */
  REPORT_LOSS("seed 000 §17.1; seed 000 §17.2", EnumSet.of(KeyState.ACTIVE, KeyState.FROZEN,
      KeyState.HANDOVER_DUE), KeyState.FROZEN),
  /** Record a fault or damage (故障记录); the state does not change. */
  REPORT_FAULT("seed 000 §18.1; seed 000 §20", EnumSet.of(KeyState.ACTIVE, KeyState.FROZEN,
      KeyState.HANDOVER_DUE), null),
  /**
   * Reissue (补办) after a loss or damage: a new key is issued in place of an ACTIVE or FROZEN key
   * with a loss or fault on record, and the old key is revoked by the same event.
   */
  REISSUE("seed 001 §16; seed 000 §17.4; seed 000 §18", null, KeyState.ACTIVE),
  /** The holder leaves or moves post: hand over within 3 working days (交接). */
  START_HANDOVER("seed 000 §15.1", EnumSet.of(KeyState.ACTIVE), KeyState.HANDOVER_DUE),
  /** Hand the key to the successor before a witness (监交人). */
  HANDOVER("seed 000 §15.2", EnumSet.of(KeyState.ACTIVE, KeyState.HANDOVER_DUE),
      KeyState.ACTIVE),
  /** Return the key to the managing office (回收). */
  RETURN("seed 000 §16.1; seed 001 §22", EnumSet.of(KeyState.ACTIVE, KeyState.FROZEN,
      KeyState.HANDOVER_DUE), KeyState.RETURNED),
  /** Revoke the certificate and disable the key (注销). */
  REVOKE("seed 000 §16.2; seed 001 §18; seed 001 §21", EnumSet.of(KeyState.ACTIVE,
      KeyState.FROZEN, KeyState.HANDOVER_DUE, KeyState.RETURNED), KeyState.REVOKED),
  /** Destroy a returned, revoked key with a record (销毁). */
  DESTROY("seed 000 §16.3; seed 000 §18.3", EnumSet.of(KeyState.REVOKED), KeyState.DESTROYED),
  /** Close the file (归档). */
  ARCHIVE("seed 000 §1; seed 000 §20", EnumSet.of(KeyState.DESTROYED, KeyState.REJECTED,
      KeyState.REVOKED), KeyState.ARCHIVED),
  /** The holder changed the PIN (the initial PIN is then gone, seed 000 §11.1). */
  PIN_CHANGED("seed 000 §11.1", EnumSet.of(KeyState.ACTIVE, KeyState.FROZEN), null),
  /** The PIN was reset at the holder's request; it must be changed again (seed 000 §11.3). */
  PIN_RESET("seed 000 §11.3", EnumSet.of(KeyState.ACTIVE, KeyState.FROZEN), null);

  private final String source;
  private final Set<KeyState> from;
  private final KeyState to;
  private final PolicyRule rule;

  LedgerAction(String source, Set<KeyState> from, KeyState to) {
    this.source = source;
    this.from = from == null ? Set.of() : Set.copyOf(from);
    this.to = to;
    this.rule = new PolicyRule("ledger." + name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', '-'), source, name().toLowerCase(java.util.Locale.ROOT)
        + " is allowed only " + (from == null ? "for a new key number"
            : "from " + from + (startsNew() ? " or for a new key number" : "")));
  }

  /**
   * Whether this action may create a record (a key number not yet in the ledger).
   *
   * @return true for APPLY, ISSUE and REISSUE
   */
  public boolean startsNew() {
    return this == APPLY || this == ISSUE || this == REISSUE;
  }

  /**
   * The article this action comes from.
   *
   * @return for example {@code "seed 001 §17"}
   */
  public String source() {
    return source;
  }

  /**
   * The states this action may start from; empty for {@link #APPLY} and {@link #REISSUE}, which
   * start a new record (see {@link #startsNew()}).
   *
   * @return an immutable set
   */
  public Set<KeyState> from() {
    return from;
  }

  /**
   * The state after the action, when fixed.
   *
   * @param before the state before
   * @return the state after
   */
  public KeyState next(KeyState before) {
    if (this == APPROVE) {
      switch (before) {
        case APPLIED:
          return KeyState.DEPT_APPROVED;
        case DEPT_APPROVED:
          return KeyState.LEADER_APPROVED;
        default:
          return KeyState.APPROVED;
      }
    }
    return to == null ? before : to;
  }

  /**
   * The rule refusing this action from a wrong state.
   *
   * @return the rule
   */
  public PolicyRule rule() {
    return rule;
  }
}
