package org.ukey.policy;

import org.ukey.api.UKeyException;

/**
 * The policy store (files or a database) failed: an I/O or SQL error, chained as the cause.
 * Operations that must be recorded are refused when the record cannot be written.
 */
public class PolicyStoreException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed; no secrets
   * @param cause the I/O or SQL failure
   */
  public PolicyStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception without a cause.
   *
   * @param message what failed; no secrets
   */
  public PolicyStoreException(String message) {
    super(message);
  }
}
