package org.ukey.api;

import java.util.Objects;

/**
 * An operation was refused because it breaks a rule of the governing documents (for example
 * "one person holds at most one of the conflicting roles", seed 000 §7.1).
 *
 * <p>Every violation names its {@link #rule() rule} and the {@link #source() article it comes
 * from}, so an operator can look it up. The message never contains a PIN or other secret, even
 * when the rule is about one.
 */
public class PolicyViolationException extends UKeyException {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final String source;

  /**
   * Creates the exception.
   *
   * @param rule a stable identifier of the rule, such as {@code "pin.min-length"}
   * @param source where the rule comes from, such as {@code "seed 000 §11"}
   * @param message what was refused and why, in one line; no secrets
   */
  public PolicyViolationException(String rule, String source, String message) {
    super(message + " [rule " + Objects.requireNonNull(rule, "rule") + ", "
        + Objects.requireNonNull(source, "source") + "]");
    this.rule = rule;
    this.source = source;
  }

  /**
   * The stable identifier of the rule that was broken.
   *
   * @return the rule id, such as {@code "sod.conflicting-roles"}
   */
  public String rule() {
    return rule;
  }

  /**
   * Where the rule comes from: the seed document and article, or the standard and clause.
   *
   * @return the source, such as {@code "seed 000 §7.1"}
   */
  public String source() {
    return source;
  }
}
