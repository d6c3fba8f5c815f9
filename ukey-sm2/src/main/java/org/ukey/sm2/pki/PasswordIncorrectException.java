package org.ukey.sm2.pki;

import org.ukey.api.UKeyException;

/**
 * The password of a PKCS#12 file or an encrypted private key is wrong (or the file's integrity
 * check fails, which a wrong password and a tampered file look the same to).
 *
 * <p><b>Security:</b> the message never contains the password.
 */
public class PasswordIncorrectException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which file or structure
   * @param cause the underlying failure, or {@code null}
   */
  public PasswordIncorrectException(String message, Throwable cause) {
    super(message, cause);
  }
}
