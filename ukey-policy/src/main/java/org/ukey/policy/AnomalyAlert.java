package org.ukey.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that looks like misuse (seed 000 §17.1 疑似冒用, §19 异常登录): repeated wrong PINs,
 * use at unusual hours, one key on two terminals at once.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param rule the anomaly's rule (one of the {@code ANOMALY_*} rules of {@link SeedRules})
 * @param time when it was seen
 * @param person who was logged in or trying, or {@code null}
 * @param terminal the terminal, or {@code null}
 * @param tokenSerial the UKey, or {@code null}
 * @param keyNo the key, or {@code null}
 * @param detail one line; no secrets
 * @param frozen whether the guard froze the key in the ledger because of it
 */
public record AnomalyAlert(PolicyRule rule, Instant time, PersonId person, String terminal,
    String tokenSerial, KeyNumber keyNo, String detail, boolean frozen) {
  /**
   * Validates.
   *
   * @param rule the rule
   * @param time when
   * @param person who
   * @param terminal where
   * @param tokenSerial the UKey
   * @param keyNo the key
   * @param detail what
   * @param frozen whether frozen
   */
  public AnomalyAlert {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(detail, "detail");
  }
}
