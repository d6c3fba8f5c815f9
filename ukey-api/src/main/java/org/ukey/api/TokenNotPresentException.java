package org.ukey.api;

/**
 * No token is present where one was expected: the slot is empty, or no token carries the label
 * asked for (PKCS#11 {@code CKR_TOKEN_NOT_PRESENT}).
 */
public class TokenNotPresentException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which token or slot was expected
   */
  public TokenNotPresentException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message which token or slot was expected
   * @param cause the underlying failure
   */
  public TokenNotPresentException(String message, Throwable cause) {
    super(message, cause);
  }
}
