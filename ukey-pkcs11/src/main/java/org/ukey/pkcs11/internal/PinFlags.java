package org.ukey.pkcs11.internal;

import java.util.OptionalInt;
import org.ukey.api.PinStatus;
import org.ukey.pkcs11.cryptoki.CKF;

/**
 * The PIN state a token reports in its {@code CK_TOKEN_INFO} flags. PKCS#11 gives no count of
 * tries left, only "count low" (a wrong PIN since the last success), "final try" and "locked"
 * (pkcs11t.h comments on {@code CKF_USER_PIN_COUNT_LOW} ... {@code CKF_USER_PIN_LOCKED}), so the
 * count is known only at its last two values: 1 on the final try, 0 when locked.
 */
final class PinFlags {
  private PinFlags() {}

  static PinStatus status(long flags) {
    return new PinStatus(retriesLeft(flags, false),
        (flags & CKF.CKF_USER_PIN_COUNT_LOW) != 0,
        (flags & CKF.CKF_USER_PIN_FINAL_TRY) != 0,
        (flags & CKF.CKF_USER_PIN_LOCKED) != 0,
        (flags & CKF.CKF_USER_PIN_TO_BE_CHANGED) != 0,
        (flags & CKF.CKF_SO_PIN_LOCKED) != 0);
  }

  /** The tries left as far as the flags tell: 0 locked, 1 final try, else unknown. */
  static OptionalInt retriesLeft(long flags, boolean so) {
    long locked = so ? CKF.CKF_SO_PIN_LOCKED : CKF.CKF_USER_PIN_LOCKED;
    long finalTry = so ? CKF.CKF_SO_PIN_FINAL_TRY : CKF.CKF_USER_PIN_FINAL_TRY;
    if ((flags & locked) != 0) {
      return OptionalInt.of(0);
    }
    if ((flags & finalTry) != 0) {
      return OptionalInt.of(1);
    }
    return OptionalInt.empty();
  }
}
