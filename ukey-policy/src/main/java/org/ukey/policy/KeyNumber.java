package org.ukey.policy;

import org.ukey.policy.internal.Ids;

/**
 * The number (编号) under which a UKey is kept in the ledger (seed 000 §10.2, §20): one number, one
 * key, one file (一章一 Ukey 一档).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param value the number: 1 to 128 characters, no control characters
 */
public record KeyNumber(String value) {
  /**
   * Validates the number.
   *
   * @param value the number
   */
  public KeyNumber {
    Ids.check("key number", value);
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the number
   * @return the key number
   */
  public static KeyNumber of(String value) {
    return new KeyNumber(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
