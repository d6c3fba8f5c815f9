package org.ukey.policy;

import org.ukey.policy.internal.Ids;

/**
 * Something done with a UKey that the rules allow or refuse and the audit trail records. The
 * constants cover the seeds; a host adds its own with {@link #of(String)}.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param id a stable lower-case id such as {@code "seal.stamp"}
 */
public record Operation(String id) {
  /** Logging in with the UKey (CA 身份认证, seed 002 §10(二)). */
  public static final Operation LOGIN = new Operation("login");
  /** Logging out, explicitly or after the idle limit (seed 000 ch.3 item 1). */
  public static final Operation LOGOUT = new Operation("logout");
  /** Changing the user PIN (seed 000 §11). */
  public static final Operation PIN_CHANGE = new Operation("pin.change");
  /** Resetting a locked PIN with the SO PIN (seed 000 §11.3). */
  public static final Operation PIN_UNLOCK = new Operation("pin.unlock");
  /** A plain signature with an operation key (业务操作). */
  public static final Operation SIGN = new Operation("sign");
  /** Decrypting with the UKey (加密支付, seed 000 §3). */
  public static final Operation DECRYPT = new Operation("decrypt");
  /** Stamping an e-seal (签章) on a document (seed 000 §22.4, seed 003 §12). */
  public static final Operation SEAL_STAMP = new Operation("seal.stamp");
  /** Approving a use of a seal (用章审批, seed 003 §11–12). */
  public static final Operation SEAL_APPROVE = new Operation("seal.approve");
  /** Voucher step 1: entry (制单), seed 002 §9. */
  public static final Operation VOUCHER_ENTRY = new Operation("voucher.entry");
  /** Voucher step 2: accounting (核算), seed 002 §9. */
  public static final Operation VOUCHER_ACCOUNTING = new Operation("voucher.accounting");
  /** Voucher step 3: approval (审核/审批), seed 002 §9. */
  public static final Operation VOUCHER_APPROVAL = new Operation("voucher.approval");
  /** Signing a payment (财务支付), seed 000 §7.3. */
  public static final Operation PAYMENT = new Operation("payment");
  /** Reviewing a payment (复核), seed 000 §7.3. */
  public static final Operation PAYMENT_REVIEW = new Operation("payment.review");
  /** Signing an audit checkpoint (seed 000 §21). */
  public static final Operation AUDIT_CHECKPOINT = new Operation("audit.checkpoint");
  /** Managing keys on the token (generate, import, delete). */
  public static final Operation KEY_MANAGEMENT = new Operation("key.manage");

  /**
   * Validates the id.
   *
   * @param id the id
   */
  public Operation {
    Ids.check("operation", id);
  }

  /**
   * An operation by id.
   *
   * @param id the id
   * @return the operation
   */
  public static Operation of(String id) {
    return new Operation(id);
  }

  @Override
  public String toString() {
    return id;
  }
}
