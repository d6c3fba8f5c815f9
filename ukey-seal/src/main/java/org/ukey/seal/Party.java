package org.ukey.seal;

import java.util.Objects;

/**
 * A party that files seals with the others (seed 002 §3, §6: the finance bureau, the central
 * bank branch, the agent banks and the budget units of 国库集中支付).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param name the party's name, such as {@code 乌兰察布市财政局}
 * @param role what the party is
 */
public record Party(String name, Role role) {
  /** The kinds of party in treasury payment (seed 002 §3). */
  public enum Role {
    /** 财政部门: the finance bureau. */
    FINANCE_BUREAU,
    /** 人民银行: the central bank branch (treasury). */
    CENTRAL_BANK_BRANCH,
    /** 代理银行: an agent bank. */
    AGENT_BANK,
    /** 预算单位: a budget unit. */
    BUDGET_UNIT
  }

  /**
   * Validates the fields.
   *
   * @param name the name, not blank
   * @param role the role
   */
  public Party {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    if (name.isBlank()) {
      throw new IllegalArgumentException("party name is blank");
    }
  }
}
