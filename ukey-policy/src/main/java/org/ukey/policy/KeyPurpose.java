package org.ukey.policy;

import org.ukey.policy.internal.Ids;

/**
 * What a UKey is for, its type (类型) in the ledger (seed 000 §10.2). Seal keys and operation keys
 * are different keys (seed 000 §7.2).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param id a stable lower-case id such as {@code "seal"}
 */
public record KeyPurpose(String id) {
  /** A business operation key (业务操作 Ukey): log in, sign, decrypt, voucher steps. */
  public static final KeyPurpose OPERATION = new KeyPurpose("operation");
  /** An e-seal key (电子印章 Ukey): stamps seals only. */
  public static final KeyPurpose SEAL = new KeyPurpose("seal");

  /**
   * Validates the id.
   *
   * @param id the id
   */
  public KeyPurpose {
    Ids.check("key purpose", id);
  }

  /**
   * A purpose by id.
   *
   * @param id the id
   * @return the purpose
   */
  public static KeyPurpose of(String id) {
    return new KeyPurpose(id);
  }

  @Override
  public String toString() {
    return id;
  }
}
