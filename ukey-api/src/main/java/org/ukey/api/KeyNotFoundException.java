package org.ukey.api;

/** No key on the token matches the label or id asked for. */
public class KeyNotFoundException extends UKeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which key was looked for, and on which token
   */
  public KeyNotFoundException(String message) {
    super(message);
  }
}
