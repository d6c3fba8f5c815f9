package org.ukey.api;

/**
 * One token (智能密码钥匙, a UKey): a slot's key store with its PINs.
 *
 * <p>A {@code Token} is a handle on whatever is in its slot. If the token is removed, its
 * methods throw {@link TokenRemovedException} or {@link TokenNotPresentException}; after
 * re-insertion, get a fresh {@code Token} from {@link TokenProvider#tokens()}.
 *
 * <p><b>Security:</b> the SDK never retries a wrong PIN by itself. A PIN is passed as a
 * {@link Pin} and not kept after the call returns (a provider that must re-login later keeps it
 * only inside the {@link Session} and wipes it on close).
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe.
 */
public interface Token {
  /**
   * Reads what the token says about itself now (label, serial, PIN status).
   *
   * @return a fresh snapshot
   * @throws UKeyException if the token is gone or the library fails
   */
  TokenInfo info() throws UKeyException;

  /**
   * Whether a token is in the slot now.
   *
   * @return true when present
   */
  boolean isPresent();

  /**
   * Logs the user in and opens a session. Close the session to log out.
   *
   * @param userPin the user PIN; not kept beyond the session
   * @return the session
   * @throws PinIncorrectException if the PIN is wrong (with the attempts left)
   * @throws PinLockedException if the user PIN is locked
   * @throws PinChangeRequiredException if the PIN is right but must be changed first (seed 000
   *     §11.1, seed 001 §23); call {@link #changePin(Pin, Pin)}
   * @throws TokenRemovedException if the token is gone
   * @throws UKeyException on any other failure
   */
  Session login(Pin userPin) throws UKeyException;

  /**
   * Changes the user PIN. Works without a session and clears the "must change" flag.
   *
   * @param oldPin the current user PIN
   * @param newPin the new user PIN
   * @throws PinIncorrectException if {@code oldPin} is wrong
   * @throws PinLockedException if the user PIN is locked
   * @throws UKeyException if the token refuses the new PIN (for example its length) or fails
   */
  void changePin(Pin oldPin, Pin newPin) throws UKeyException;

  /**
   * Unlocks the user PIN as the security officer (SO) and sets a new one (PKCS#11
   * {@code C_InitPIN}). The retry counter is reset; a token may require the new PIN to be changed
   * at first use.
   *
   * @param soPin the SO PIN
   * @param newUserPin the new user PIN
   * @throws PinIncorrectException if the SO PIN is wrong
   * @throws PinLockedException if the SO PIN is locked
   * @throws UKeyException on any other failure
   */
  void unlockPin(Pin soPin, Pin newUserPin) throws UKeyException;
}
