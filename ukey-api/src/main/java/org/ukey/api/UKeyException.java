package org.ukey.api;

import java.security.GeneralSecurityException;

/**
 * The root of every checked failure of the UKey SDK.
 *
 * <p>Subtypes say precisely what went wrong (a wrong PIN, a removed token, an unsupported
 * algorithm, a policy rule). A failure that comes from below the SDK (a PKCS#11 return code, an
 * I/O error of the soft token's store) is always chained as the cause, never dropped.
 *
 * <p><b>Security:</b> messages never contain a PIN, key material or other secret.
 */
public class UKeyException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed, in one line; no secrets
   */
  public UKeyException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the cause it translates.
   *
   * @param message what failed, in one line; no secrets
   * @param cause the underlying failure, kept for diagnosis
   */
  public UKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
