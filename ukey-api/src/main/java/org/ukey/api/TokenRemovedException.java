package org.ukey.api;

/**
 * The token was removed while in use (PKCS#11 {@code CKR_DEVICE_REMOVED},
 * {@code CKR_TOKEN_NOT_PRESENT} or {@code CKR_SESSION_HANDLE_INVALID} after removal). Every
 * session on it is invalid; after re-insertion, log in again for a new {@link Session}.
 */
public class TokenRemovedException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which token was removed
   * @param cause the underlying failure, or {@code null}
   */
  public TokenRemovedException(String message, Throwable cause) {
    super(message, cause);
  }
}
