package org.ukey.policy;

/**
 * How an attempt ended.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum AuditOutcome {
  /** Allowed by the rules and done. */
  SUCCEEDED,
  /** Refused by a rule (the entry names it). */
  REFUSED,
  /** Allowed, but the token or store failed (a wrong PIN, a removed token). */
  FAILED,
  /** Not an attempt: an alert, a ledger change, a logout. */
  NOTED
}
