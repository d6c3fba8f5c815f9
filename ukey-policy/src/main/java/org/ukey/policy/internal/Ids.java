package org.ukey.policy.internal;

import java.util.Objects;

/** The one check every typed id of the policy module makes on its text. */
public final class Ids {
  /** The longest id accepted. */
  public static final int MAX_LENGTH = 128;

  private Ids() {}

  /**
   * Checks an id's text: 1 to {@value #MAX_LENGTH} characters, no control characters, no
   * leading or trailing blank.
   *
   * @param kind what the id is, for the message
   * @param value the text
   * @return the text
   * @throws IllegalArgumentException if it is not acceptable
   */
  public static String check(String kind, String value) {
    Objects.requireNonNull(value, kind);
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(kind + " must be 1 to " + MAX_LENGTH
          + " characters, was " + value.length());
    }
    if (!value.strip().equals(value)) {
      throw new IllegalArgumentException(kind + " must not start or end with blanks");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(kind + " must not contain control characters");
      }
    }
    return value;
  }
}
