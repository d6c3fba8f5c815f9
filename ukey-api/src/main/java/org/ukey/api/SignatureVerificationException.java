package org.ukey.api;

/**
 * A signature did not verify: it is malformed, was made over other data, with another key, or
 * (SM2) with another user ID. Verification in this SDK returns normally or throws this; it
 * never returns a boolean to forget.
 */
public class SignatureVerificationException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the signature was rejected
   */
  public SignatureVerificationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message why the signature was rejected
   * @param cause the underlying failure (for example a malformed encoding)
   */
  public SignatureVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
