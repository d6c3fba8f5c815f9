package org.ukey.api;

import java.util.List;

/**
 * A source of tokens: one PKCS#11 library, one SKF library, or the soft token's directory.
 *
 * <p>Obtain one from the implementing module ({@code Pkcs11.load(path)},
 * {@code SoftTokens.open(dir)}) and close it when done; closing releases the library (for
 * PKCS#11, {@code C_Finalize} once the last user of the library closes) and invalidates every
 * session opened through it.
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe.
 */
public interface TokenProvider extends AutoCloseable {
  /**
   * A one-line description, for logs and the CLI.
   *
   * @return for example {@code "PKCS#11 /usr/lib/softhsm/libsofthsm2.so (SoftHSM 2.6)"}
   */
  String description();

  /**
   * The tokens present now, in slot order.
   *
   * @return an immutable list, possibly empty
   * @throws UKeyException if the library fails
   */
  List<Token> tokens() throws UKeyException;

  /**
   * The present token with the given label.
   *
   * @param label the token label
   * @return the token
   * @throws TokenNotPresentException if no present token has that label
   * @throws UKeyException if the library fails
   */
  default Token token(String label) throws UKeyException {
    for (Token token : tokens()) {
      if (token.info().label().equals(label)) {
        return token;
      }
    }
    throw new TokenNotPresentException("no token labelled '" + label + "' in " + description());
  }

  /**
   * Delivers token insert and remove events to a listener until the returned registration or
   * this provider is closed. Events come from a daemon thread.
   *
   * @param listener the listener
   * @return the registration; close it to stop
   * @throws UKeyException if the provider cannot watch
   */
  TokenWatch watch(TokenListener listener) throws UKeyException;

  /**
   * Closes every session opened through this provider and releases the library. Idempotent.
   */
  @Override
  void close();
}
