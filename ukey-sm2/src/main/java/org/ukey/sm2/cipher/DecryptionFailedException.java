package org.ukey.sm2.cipher;

import org.ukey.api.UKeyException;

/**
 * A ciphertext was well-formed but did not decrypt: an SM4-GCM tag or an SM2 C3 hash that does
 * not match, an invalid CBC/ECB padding, an RSA block that does not unpad. The cause is a wrong
 * key (or IV, or AAD, or SM2 key), or the ciphertext was altered; the message does not say
 * which, on purpose.
 *
 * <p><b>Security:</b> no plaintext, partial plaintext or key material is kept in the exception.
 */
public class DecryptionFailedException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what did not decrypt
   */
  public DecryptionFailedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what did not decrypt
   * @param cause the underlying failure
   */
  public DecryptionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
