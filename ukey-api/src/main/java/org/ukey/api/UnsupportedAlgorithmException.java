package org.ukey.api;

/**
 * The token, its vendor profile or the key cannot do the algorithm asked for (PKCS#11
 * {@code CKR_MECHANISM_INVALID}, an SM2 algorithm on an RSA key, a key type the token does not
 * generate).
 */
public class UnsupportedAlgorithmException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which algorithm, and on what
   */
  public UnsupportedAlgorithmException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message which algorithm, and on what
   * @param cause the underlying failure
   */
  public UnsupportedAlgorithmException(String message, Throwable cause) {
    super(message, cause);
  }
}
