package org.ukey.api;

/**
 * The PIN was right, but the token requires it to be changed before first use (the initial PIN
 * issued with the key must be replaced by the holder: seed 000 §11.1, seed 001 §23; PKCS#11
 * {@code CKF_USER_PIN_TO_BE_CHANGED}).
 *
 * <p>Call {@link Token#changePin(Pin, Pin)} with the initial PIN and a new one, then log in again.
 */
public class PinChangeRequiredException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which token requires the change; no secrets
   */
  public PinChangeRequiredException(String message) {
    super(message);
  }
}
