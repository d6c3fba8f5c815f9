package org.ukey.policy;

import org.ukey.policy.internal.Ids;

/**
 * A post (岗位) whose holder gets a UKey for that post's work. The constants are the posts the
 * seeds name; a host adds its own with {@link #of(String)} and gives them rights in
 * {@link DutyRules}.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param id a stable lower-case id such as {@code "accounting"}
 */
public record Role(String id) {
  /** Data entry, 制单 (the 出纳 cashier's "数据录入功能"): seed 000 ch.2 table row 1. */
  public static final Role ENTRY = new Role("entry");
  /** Accounting, 财务核算 (会计): seed 000 ch.2 table row 2. */
  public static final Role ACCOUNTING = new Role("accounting");
  /** Review and approval, 审核/审批 (镇长): seed 000 ch.2 table row 3. */
  public static final Role APPROVAL = new Role("approval");
  /** Keeper of an e-seal UKey, 电子印章保管人: seed 000 §7.2, seed 003 §11. */
  public static final Role SEAL_KEEPER = new Role("seal-keeper");
  /** Payment, 财务支付: seed 000 §7.3. */
  public static final Role PAYMENT = new Role("payment");
  /** Payment review, 复核: seed 000 §7.3. */
  public static final Role REVIEW = new Role("review");
  /** Auditor who signs audit checkpoints and spot-checks (抽查): seed 000 §21. */
  public static final Role AUDITOR = new Role("auditor");

  /**
   * Validates the id.
   *
   * @param id the id
   */
  public Role {
    Ids.check("role", id);
  }

  /**
   * A role by id.
   *
   * @param id the id
   * @return the role
   */
  public static Role of(String id) {
    return new Role(id);
  }

  @Override
  public String toString() {
    return id;
  }
}
