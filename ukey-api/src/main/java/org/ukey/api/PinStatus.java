package org.ukey.api;

import java.util.OptionalInt;

/**
 * What a token says about its user PIN: attempts left, whether it is low, on its final try,
 * locked, or must be changed; and whether the security officer (SO) PIN is locked.
 *
 * <p>Maps the PKCS#11 {@code CK_TOKEN_INFO} flags {@code CKF_USER_PIN_COUNT_LOW},
 * {@code CKF_USER_PIN_FINAL_TRY}, {@code CKF_USER_PIN_LOCKED},
 * {@code CKF_USER_PIN_TO_BE_CHANGED} and {@code CKF_SO_PIN_LOCKED}. Tokens that know the exact
 * count (the soft token, SKF's {@code SKF_GetPINInfo}) report it in {@link #retriesLeft()}.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param retriesLeft the user-PIN attempts left, when the token reports a count
 * @param countLow the token says a wrong PIN was entered since the last success
 * @param finalTry one more wrong PIN locks the user PIN
 * @param locked the user PIN is locked
 * @param mustChange the user PIN must be changed before use (initial PIN, seed 000 §11.1)
 * @param soLocked the SO PIN is locked
 */
public record PinStatus(OptionalInt retriesLeft, boolean countLow, boolean finalTry,
    boolean locked, boolean mustChange, boolean soLocked) {

  /**
   * Validates the fields.
   *
   * @param retriesLeft the user-PIN attempts left, when the token reports a count
   * @param countLow a wrong PIN was entered since the last success
   * @param finalTry one more wrong PIN locks the user PIN
   * @param locked the user PIN is locked
   * @param mustChange the user PIN must be changed before use
   * @param soLocked the SO PIN is locked
   */
  public PinStatus {
    if (retriesLeft == null) {
      retriesLeft = OptionalInt.empty();
    }
    if (retriesLeft.isPresent() && retriesLeft.getAsInt() < 0) {
      throw new IllegalArgumentException("retriesLeft < 0");
    }
  }

  /**
   * A short human form, as {@code ukey tokens} prints it.
   *
   * @return for example {@code "ok, 6 tries left"}, {@code "locked"}, {@code "must change"}
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (locked) {
      sb.append("locked");
    } else if (mustChange) {
      sb.append("must change");
    } else if (finalTry) {
      sb.append("final try");
    } else if (countLow) {
      sb.append("count low");
    } else {
      sb.append("ok");
    }
    retriesLeft.ifPresent(n -> sb.append(", ").append(n).append(n == 1 ? " try" : " tries")
        .append(" left"));
    if (soLocked) {
      sb.append(", SO PIN locked");
    }
    return sb.toString();
  }
}
