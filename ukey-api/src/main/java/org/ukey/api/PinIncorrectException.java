package org.ukey.api;

import java.util.OptionalInt;

/**
 * The PIN given to a token was wrong (PKCS#11 {@code CKR_PIN_INCORRECT}, SKF
 * {@code SAR_PIN_INCORRECT}).
 *
 * <p>The SDK never retries a wrong PIN by itself: every retry costs one of the token's limited
 * attempts and may lock it. {@link #retriesLeft()} reports the attempts the token says remain,
 * when it says so.
 */
public class PinIncorrectException extends UKeyException {
  private static final long serialVersionUID = 1L;

  private final int retriesLeft;

  /**
   * Creates the exception.
   *
   * @param retriesLeft the attempts left before the PIN locks, or -1 when the token does not say
   * @param cause the underlying failure, or {@code null}
   */
  public PinIncorrectException(int retriesLeft, Throwable cause) {
    super(retriesLeft < 0
        ? "PIN incorrect"
        : "PIN incorrect, " + retriesLeft + (retriesLeft == 1 ? " try" : " tries") + " left",
        cause);
    this.retriesLeft = Math.max(-1, retriesLeft);
  }

  /**
   * The attempts left before the PIN locks, as the token reports them.
   *
   * @return the count, or empty when the token does not report it
   */
  public OptionalInt retriesLeft() {
    return retriesLeft < 0 ? OptionalInt.empty() : OptionalInt.of(retriesLeft);
  }
}
