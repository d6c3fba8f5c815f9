package org.ukey.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened, before it is chained into the audit trail: time, person, terminal, token serial,
 * key, operation, document digest, outcome and reason (seed 000 §4 全程留痕; seed 003
 * data-security §18: "建立操作日志，记录使用人员、时间等信息").
 *
 * <p><b>Security:</b> holds no secret: a document appears only as its SM3 digest, a PIN never.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param time when
 * @param person who (the logged-in person), or {@code null} when not known
 * @param terminal the workstation, or {@code null}
 * @param tokenSerial the UKey's serial, or {@code null}
 * @param keyNo the key's ledger number, or {@code null}
 * @param operation what was attempted
 * @param documentDigest SM3 of the document signed or stamped, or {@code null}; copied
 * @param outcome how it ended
 * @param rule the id of the rule that refused it, or {@code null}
 * @param reason one line of explanation, or {@code null}; never a secret
 */
public record AuditEvent(Instant time, PersonId person, String terminal, String tokenSerial,
    KeyNumber keyNo, Operation operation, byte[] documentDigest, AuditOutcome outcome,
    String rule, String reason) {
  /**
   * Validates and copies.
   *
   * @param time when
   * @param person who
   * @param terminal the workstation
   * @param tokenSerial the UKey's serial
   * @param keyNo the key
   * @param operation what
   * @param documentDigest the document's SM3
   * @param outcome how it ended
   * @param rule the refusing rule
   * @param reason why
   */
  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    documentDigest = documentDigest == null ? null : documentDigest.clone();
  }

  /**
   * The document digest.
   *
   * @return a fresh copy
   */
  @Override
  public byte[] documentDigest() {
    return documentDigest == null ? null : documentDigest.clone();
  }

  /**
   * The document digest, if any.
   *
   * @return a fresh copy
   */
  public Optional<byte[]> digest() {
    return Optional.ofNullable(documentDigest());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AuditEvent)) {
      return false;
    }
    AuditEvent e = (AuditEvent) o;
    return time.equals(e.time) && Objects.equals(person, e.person)
        && Objects.equals(terminal, e.terminal) && Objects.equals(tokenSerial, e.tokenSerial)
        && Objects.equals(keyNo, e.keyNo) && operation.equals(e.operation)
        && java.util.Arrays.equals(documentDigest, e.documentDigest) && outcome == e.outcome
        && Objects.equals(rule, e.rule) && Objects.equals(reason, e.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(time, person, keyNo, operation, outcome);
  }

  @Override
  public String toString() {
    return "AuditEvent[" + time + " " + person + "@" + terminal + " " + operation + " key "
        + keyNo + " " + outcome + (rule == null ? "" : " " + rule) + "]";
  }
}
