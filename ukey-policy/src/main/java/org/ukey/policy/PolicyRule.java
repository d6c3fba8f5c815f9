package org.ukey.policy;

import java.util.Objects;
import org.ukey.api.PolicyViolationException;

/**
 * One rule: a stable id, the article it comes from and its gist. Rules are data: the seeds' rules
 * are in {@link SeedRules}; a host makes its own with the constructor.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param id a stable id such as {@code "sod.conflicting-posts"}
 * @param source the article, such as {@code "seed 000 §7.1"}
 * @param gist the rule in one line
 */
public record PolicyRule(String id, String source, String gist) {
  /**
   * Validates the fields.
   *
   * @param id the id
   * @param source the article
   * @param gist the rule in one line
   */
  public PolicyRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(gist, "gist");
  }

  /**
   * The exception refusing an operation under this rule.
   *
   * @param what what was refused and why, in one line; never a secret
   * @return the exception, naming this rule and its source
   */
  public PolicyViolationException violation(String what) {
    return new PolicyViolationException(id, source, what);
  }
}
