package org.ukey.cli;

/**
 * A usage or operational error found by the command itself (an option that needs another, an
 * unreadable file, no PIN given): exit code 2 and the message on one line of stderr.
 *
 * <p>Failures from the SDK keep their own {@link org.ukey.api.UKeyException} types and are
 * translated in {@link Failures}; this type is for what only the command line knows.
 *
 * <p><b>Security:</b> messages never contain a PIN or other secret.
 */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and, where it helps, what to do; one line, no secrets
   */
  CliException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause (shown with {@code --verbose}).
   *
   * @param message what is wrong; one line, no secrets
   * @param cause the underlying failure
   */
  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
