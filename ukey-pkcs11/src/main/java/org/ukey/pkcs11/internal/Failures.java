package org.ukey.pkcs11.internal;

import java.util.OptionalInt;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;
import org.ukey.api.TokenRemovedException;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.cryptoki.CKR;

/**
 * Turns {@code CKR_} codes into the API's exceptions, keeping the {@link Pkcs11Exception} (code,
 * name, function) as the cause.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class Failures {
  private Failures() {}

  /** Codes after which the session is unusable. */
  static boolean sessionLost(long code) {
    return code == CKR.CKR_SESSION_HANDLE_INVALID || code == CKR.CKR_SESSION_CLOSED
        || code == CKR.CKR_DEVICE_REMOVED || code == CKR.CKR_TOKEN_NOT_PRESENT
        || code == CKR.CKR_CRYPTOKI_NOT_INITIALIZED || code == CKR.CKR_TOKEN_NOT_RECOGNIZED
        || code == CKR.CKR_DEVICE_ERROR;
  }

  /**
   * Codes after which the module no longer knows the session: it must be forgotten, not closed
   * (its handle may already name another session).
   */
  static boolean sessionGone(long code) {
    return code == CKR.CKR_SESSION_HANDLE_INVALID || code == CKR.CKR_SESSION_CLOSED
        || code == CKR.CKR_DEVICE_REMOVED || code == CKR.CKR_TOKEN_NOT_PRESENT
        || code == CKR.CKR_CRYPTOKI_NOT_INITIALIZED;
  }

  /**
   * Codes after which the SDK asks whether the token is still there: the session codes, and
   * the object codes a token gives when its storage went away underneath a session (SoftHSM
   * answers {@code CKR_OBJECT_HANDLE_INVALID} for a key whose files were removed, and
   * {@code CKR_GENERAL_ERROR} from {@code C_GetTokenInfo}).
   */
  static boolean maybeRemoved(long code) {
    return sessionLost(code) || code == CKR.CKR_OBJECT_HANDLE_INVALID
        || code == CKR.CKR_KEY_HANDLE_INVALID || code == CKR.CKR_GENERAL_ERROR;
  }

  /**
   * The API exception for a failure of a PIN function ({@code C_Login}, {@code C_SetPIN},
   * {@code C_InitToken}).
   *
   * @param e the failure
   * @param tokenFlags the token's flags read after the failure, or -1 when unknown
   * @param so whether the PIN was the SO PIN
   * @param token the token's name, for messages
   */
  static UKeyException pin(Pkcs11Exception e, long tokenFlags, boolean so, String token) {
    String who = so ? "SO PIN" : "user PIN";
    long code = e.code();
    if (code == CKR.CKR_PIN_INCORRECT) {
      OptionalInt left = tokenFlags < 0 ? OptionalInt.empty()
          : PinFlags.retriesLeft(tokenFlags, so);
      return new PinIncorrectException(left.orElse(-1), e);
    }
    if (code == CKR.CKR_PIN_LOCKED) {
      return new PinLockedException("the " + who + " of " + token + " is locked", e);
    }
    if (code == CKR.CKR_PIN_EXPIRED) {
      PinChangeRequiredException x = new PinChangeRequiredException(
          "the " + who + " of " + token + " has expired and must be changed");
      x.initCause(e);
      return x;
    }
    if (code == CKR.CKR_PIN_INVALID || code == CKR.CKR_PIN_LEN_RANGE
        || code == CKR.CKR_PIN_TOO_WEAK) {
      return new UKeyException(token + " refused the new " + who + " ("
          + e.codeName() + ")", e);
    }
    return general(e, token);
  }

  /** The API exception for any other failure. */
  static UKeyException general(Pkcs11Exception e, String token) {
    long code = e.code();
    if (code == CKR.CKR_ARGUMENTS_BAD && e.function().endsWith("Init")) {
      // The SDK's arguments to an *Init function are well-formed by construction, so a module
      // answering CKR_ARGUMENTS_BAD refuses the mechanism parameters (SoftHSM 2.6 for OAEP with
      // anything but SHA-1), where the spec would say CKR_MECHANISM_PARAM_INVALID.
      return new UnsupportedAlgorithmException(token + " does not take these mechanism"
          + " parameters: " + e.getMessage(), e);
    }
    if (code == CKR.CKR_MECHANISM_INVALID || code == CKR.CKR_MECHANISM_PARAM_INVALID
        || code == CKR.CKR_CURVE_NOT_SUPPORTED || code == CKR.CKR_DOMAIN_PARAMS_INVALID
        || code == CKR.CKR_KEY_SIZE_RANGE || code == CKR.CKR_KEY_TYPE_INCONSISTENT
        || code == CKR.CKR_FUNCTION_NOT_SUPPORTED) {
      return new UnsupportedAlgorithmException(token + " cannot do this: " + e.getMessage(), e);
    }
    if (code == CKR.CKR_DEVICE_REMOVED || code == CKR.CKR_TOKEN_NOT_PRESENT) {
      return new TokenRemovedException(token + " was removed", e);
    }
    if (code == CKR.CKR_PIN_LOCKED) {
      return new PinLockedException("the user PIN of " + token + " is locked", e);
    }
    return e;
  }
}
