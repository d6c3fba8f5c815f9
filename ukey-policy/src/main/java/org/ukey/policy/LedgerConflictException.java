package org.ukey.policy;

/**
 * Another writer (a thread, or another node sharing the store) appended to the ledger first. The
 * {@link KeyLedger} catches it, reads what was appended, checks the rules again and retries.
 */
public class LedgerConflictException extends PolicyStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which position was taken
   */
  public LedgerConflictException(String message) {
    super(message);
  }
}
