package org.ukey.pkcs11;

import java.util.List;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;

/**
 * A {@link TokenProvider} over one PKCS#11 library.
 *
 * <p>{@link #tokens()} lists the initialized tokens in present slots; {@link #slots()} also
 * lists blank tokens, which {@link Pkcs11Token#initialize} prepares.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public interface Pkcs11Provider extends TokenProvider {
  /**
   * What the library says about itself.
   *
   * @return the library information
   */
  LibraryInfo libraryInfo();

  /**
   * Every present token, initialized or not, in slot order.
   *
   * @return an immutable list
   * @throws UKeyException if the library fails
   */
  List<Pkcs11Token> slots() throws UKeyException;

  /**
   * The token in a slot.
   *
   * @param slotId the slot id
   * @return the token
   * @throws org.ukey.api.TokenNotPresentException if the slot is empty or unknown
   * @throws UKeyException if the library fails
   */
  Pkcs11Token slot(long slotId) throws UKeyException;

  @Override
  Pkcs11Token token(String label) throws UKeyException;
}
