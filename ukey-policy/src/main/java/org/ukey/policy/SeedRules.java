package org.ukey.policy;

/**
 * The rules of the four seed documents, each with its article. Seed 000: 松竹镇人民政府 Ukey
 * 使用管理制度 (a town government's UKey rules); seed 001: 福建省财政厅 证书使用管理办法 (a provincial
 * finance department's certificate rules); seed 002: 乌兰察布市 国库集中支付业务电子印章管理办法 (a
 * city treasury's e-seal rules); seed 003: 新蔡县电子印章管理暂行办法 and 政务数据安全管理办法 (a
 * county's e-seal and data-security rules; articles of the second are cited as "seed 003
 * data-security §N").
 *
 * <p>Articles are cited as numbered in the seeds: "§7.1" is 第七条 item 1. Seed 000's chapter 2
 * table and chapter 3 items have no article number and are cited as "ch.2 table" and
 * "ch.3 item N".
 *
 * <p><b>Thread-safety:</b> constants only.
 */
public final class SeedRules {
  private SeedRules() {}

  // PIN (口令) rules.

  /** Seed 000 §11.1, seed 001 §23: the initial (default) PIN must be changed at first use. */
  public static final PolicyRule PIN_MUST_CHANGE = new PolicyRule("pin.must-change",
      "seed 000 §11.1; seed 001 §23",
      "the initial PIN must be changed before the key is used");
  /** Seed 000 §11.1: never use the initial (default) PIN as the new PIN. */
  public static final PolicyRule PIN_INITIAL = new PolicyRule("pin.initial", "seed 000 §11.1",
      "the initial or default PIN may not be used");
  /** Seed 000 §11.2, §22.3: no weak PIN (弱口令); also no PIN used before. */
  public static final PolicyRule PIN_REUSED = new PolicyRule("pin.reused",
      "seed 000 §11.2; seed 002 §10(四)", "a new PIN must differ from the previous PINs");
  /** Seed 000 §11.2, §22.3: no trivial sequences or repeats (弱口令). */
  public static final PolicyRule PIN_TRIVIAL = new PolicyRule("pin.trivial",
      "seed 000 §11.2; seed 000 §22.3", "no sequences (123456, abcdef) or repeats (111111)");
  /** Seed 000 §11.2, §22.3: no PIN from the list of known weak PINs. */
  public static final PolicyRule PIN_WEAK_LIST = new PolicyRule("pin.weak",
      "seed 000 §11.2; seed 000 §22.3", "no PIN from the list of known weak PINs");

  // Roles and separation of duties (岗位分离).

  /** Seed 000 §7.1: 制单、审核、审批 on different keys; one person holds one such post's key. */
  public static final PolicyRule SOD_CONFLICTING_POSTS = new PolicyRule("sod.conflicting-posts",
      "seed 000 §7.1", "entry, review and approval are on different keys, and no person holds"
      + " keys of two of these posts");
  /** Seed 000 §7.2: e-seal keys and operation keys are different keys, kept apart. */
  public static final PolicyRule SOD_SEAL_SEPARATE = new PolicyRule("sod.seal-separate",
      "seed 000 §7.2", "an e-seal key and an operation key are never the same key or UKey");
  /** Seed 000 §7.3: payment and review keys are held by different people. */
  public static final PolicyRule SOD_PAYMENT_REVIEW = new PolicyRule("sod.payment-review",
      "seed 000 §7.3", "the payment key and the review key are held by different people");
  /** Seed 000 §4, seed 002 §7(一): one person, one key per purpose. */
  public static final PolicyRule SOD_ONE_KEY = new PolicyRule("sod.one-key-per-purpose",
      "seed 000 §4; seed 002 §7(一)", "one person holds one key of each purpose");
  /** Seed 000 ch.2 table, §6.3: a key is used only within its post's rights. */
  public static final PolicyRule ROLE_OPERATION = new PolicyRule("role.operation",
      "seed 000 ch.2 table; seed 000 §6.3; seed 002 §9(二)",
      "a key does only what its holder's post is allowed to do");

  // The ledger (台账) and the key lifecycle.

  /** Seed 000 §20: every UKey is in the ledger. */
  public static final PolicyRule LEDGER_UNKNOWN = new PolicyRule("ledger.unknown-key",
      "seed 000 §20", "every UKey in use is recorded in the ledger");
  /** Seed 000 §9.2: 部门负责人初审 → 分管领导审批 → 市财政局审批, in that order, by others. */
  public static final PolicyRule LEDGER_APPROVAL_CHAIN = new PolicyRule("ledger.approval-chain",
      "seed 000 §9.2", "applications are approved by the department head, then the leader in"
      + " charge, then city finance, each by someone other than the applicant");
  /** Seed 000 §10.3, §20: one key, one file (一章一档): a number or certificate in one record. */
  public static final PolicyRule LEDGER_ONE_FILE = new PolicyRule("ledger.one-file",
      "seed 000 §10.3; seed 000 §20",
      "a key number and a certificate appear in one ledger record only");
  /** Seed 000 §10.1: keys are collected in person, identity checked. */
  public static final PolicyRule LEDGER_IN_PERSON = new PolicyRule("ledger.in-person",
      "seed 000 §10.1", "the holder collects the key in person and the identity is checked");
  /** Seed 000 §15.2: a handover is signed by a witness (监交人) who is neither party. */
  public static final PolicyRule LEDGER_HANDOVER_WITNESS = new PolicyRule(
      "ledger.handover-witness", "seed 000 §15.2",
      "a handover names a witness who is neither the giver nor the receiver");

  // Guarded use.

  /** Seed 000 §16.2, seed 001 §17–18: a frozen, returned or revoked key is not used. */
  public static final PolicyRule GUARD_NOT_ACTIVE = new PolicyRule("guard.key-not-active",
      "seed 000 §16.2; seed 001 §17; seed 001 §18", "only an active key in the ledger is used");
  /** Seed 001 §14: a certificate is used only within its validity. */
  public static final PolicyRule GUARD_EXPIRED = new PolicyRule("guard.key-expired",
      "seed 001 §14", "a key is used only within its validity; renew (延期) before it expires");
  /** Seed 000 §4, §6.2, §22.1: the holder alone uses the key; no lending (转借、共用). */
  public static final PolicyRule GUARD_HOLDER = new PolicyRule("guard.holder",
      "seed 000 §4; seed 000 §6.2; seed 000 §22.1",
      "only the holder recorded in the ledger uses the key");
  /** Seed 000 §22.4, seed 003 §12: an e-seal is used only with an approval. */
  public static final PolicyRule GUARD_SEAL_APPROVAL = new PolicyRule("guard.seal-approval",
      "seed 000 §22.4; seed 003 §12", "an e-seal is stamped only with an approval for the"
      + " document");
  /** Seed 000 §22.4: never stamp a blank document (空白文件签章). */
  public static final PolicyRule GUARD_BLANK_DOCUMENT = new PolicyRule("guard.blank-document",
      "seed 000 §22.4", "an empty or blank document is never signed or stamped");
  /** Seed 000 §12.2: keys are locked away after hours (optional rule). */
  public static final PolicyRule GUARD_HOURS = new PolicyRule("guard.hours", "seed 000 §12.2",
      "keys are used in working hours only");
  /** Seed 000 ch.3 item 2, seed 002 §10(一): only dedicated, known terminals (optional rule). */
  public static final PolicyRule GUARD_TERMINAL = new PolicyRule("guard.terminal",
      "seed 000 ch.3 item 2; seed 002 §10(一)", "keys are used only on allowed terminals");
  /** Seed 000 ch.3 item 1, §22.2: log out after use; no key left logged in. */
  public static final PolicyRule GUARD_IDLE = new PolicyRule("guard.idle",
      "seed 000 ch.3 item 1; seed 000 §22.2",
      "a session idle past the limit is logged out");
  /** Seed 000 §4, seed 003 data-security §18: every use leaves a record (全程留痕). */
  public static final PolicyRule GUARD_AUDIT = new PolicyRule("guard.audit",
      "seed 000 §4; seed 003 data-security §18",
      "every use is recorded; a use that cannot be recorded is refused");

  // Voucher flow.

  /** Seed 002 §9(三): each post signs after the previous post, in order. */
  public static final PolicyRule VOUCHER_ORDER = new PolicyRule("voucher.order",
      "seed 002 §9(三)", "voucher steps are signed in order, none skipped");
  /** Seed 002 §9(二): the step is signed with the key of the step's post. */
  public static final PolicyRule VOUCHER_ROLE = new PolicyRule("voucher.role",
      "seed 002 §9(二)", "each step is signed by a key of that step's post");
  /** Seed 000 §7.1: no person signs two steps of one voucher. */
  public static final PolicyRule VOUCHER_SAME_PERSON = new PolicyRule("voucher.same-person",
      "seed 000 §7.1", "no person signs two steps of one voucher");

  // Anomalies.

  /** Seed 000 §19, §17.1: repeated wrong PINs suggest a leaked PIN or misuse. */
  public static final PolicyRule ANOMALY_WRONG_PINS = new PolicyRule("anomaly.wrong-pins",
      "seed 000 §19; seed 000 §17.1", "repeated wrong PINs are reported and the key stopped");
  /** Seed 000 §19: use at unusual hours is an abnormal login. */
  public static final PolicyRule ANOMALY_HOURS = new PolicyRule("anomaly.unusual-hours",
      "seed 000 §19", "use at unusual hours is reported");
  /** Seed 000 §17.1: one key from two terminals at once suggests it is being impersonated. */
  public static final PolicyRule ANOMALY_TWO_TERMINALS = new PolicyRule("anomaly.two-terminals",
      "seed 000 §17.1; seed 000 §19", "one key used from two terminals at once is reported");
}
