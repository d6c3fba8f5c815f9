package org.ukey.pkcs11;

import java.util.List;
import org.ukey.api.Pin;
import org.ukey.api.Token;
import org.ukey.api.UKeyException;

/**
 * A token in one slot of a PKCS#11 library, with what only PKCS#11 has: its slot, its
 * mechanisms, the vendor profile in use, and {@code C_InitToken}.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public interface Pkcs11Token extends Token {
  /**
   * The slot id ({@code CK_SLOT_ID}), as {@code pkcs11-tool --slot} and {@code ukey --slot} take
   * it.
   *
   * @return the slot id
   */
  long slotId();

  /**
   * The slot's description.
   *
   * @return the description from {@code CK_SLOT_INFO}
   */
  String slotDescription();

  /**
   * Whether the token has been initialized ({@code CKF_TOKEN_INITIALIZED}).
   *
   * @return false for a blank token, which {@link #initialize(Pin, String)} prepares
   * @throws UKeyException if the token is gone or the library fails
   */
  boolean isInitialized() throws UKeyException;

  /**
   * The name of the mechanism profile used for this token.
   *
   * @return for example {@code "standard"} or {@code "sansec"}
   */
  String profileName();

  /**
   * The token's mechanisms, named by the spec or by the profile.
   *
   * @return the mechanisms, in the token's order
   * @throws UKeyException if the token is gone or the library fails
   */
  List<MechanismInfo> mechanisms() throws UKeyException;

  /**
   * Initializes the token ({@code C_InitToken}): sets its label and SO PIN and destroys every
   * object on it. The user PIN is set afterwards with {@link #unlockPin(Pin, Pin)}.
   *
   * <p><b>Security:</b> destroys all keys on an initialized token whose SO PIN is given.
   *
   * @param soPin the SO PIN (the current one, if the token was initialized before)
   * @param label the new label, at most 32 bytes of UTF-8
   * @throws org.ukey.api.PinIncorrectException if the SO PIN is wrong
   * @throws UKeyException if the token refuses or fails, or a session is open on it
   */
  void initialize(Pin soPin, String label) throws UKeyException;
}
