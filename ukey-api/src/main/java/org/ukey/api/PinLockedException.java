package org.ukey.api;

/**
 * The token's PIN is locked after too many wrong attempts (PKCS#11 {@code CKR_PIN_LOCKED}).
 * Only the security officer can unlock it ({@link Token#unlockPin(Pin, Pin)}); under seed 000
 * §17 a locked key is also reported to the key administrator.
 */
public class PinLockedException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which PIN is locked (user or SO); no secrets
   * @param cause the underlying failure, or {@code null}
   */
  public PinLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
