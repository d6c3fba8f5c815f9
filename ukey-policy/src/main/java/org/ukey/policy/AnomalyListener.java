package org.ukey.policy;

/**
 * Receives {@link AnomalyAlert}s: page the security officer, lock the account, open a ticket.
 *
 * <p>Called on the thread that saw the anomaly, after it is audited. An exception thrown here is
 * logged and dropped: a failing listener never blocks the guard.
 */
@FunctionalInterface
public interface AnomalyListener {
  /**
   * One alert.
   *
   * @param alert what was seen
   */
  void onAlert(AnomalyAlert alert);
}
