package org.ukey.policy;

import org.ukey.policy.internal.Ids;

/**
 * A person (人员) known to the host: a staff number or account name, never a display name that
 * two people could share.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param value the id: 1 to 128 characters, no control characters
 */
public record PersonId(String value) {
  /**
   * Validates the id.
   *
   * @param value the id
   */
  public PersonId {
    Ids.check("person id", value);
  }

  /**
   * Shorthand for the constructor.
   *
   * @param value the id
   * @return the person id
   */
  public static PersonId of(String value) {
    return new PersonId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
