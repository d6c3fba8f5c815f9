package org.ukey.pkcs11;

import java.util.Locale;
import java.util.Objects;
import org.ukey.api.UKeyException;

/**
 * A PKCS#11 function returned an error. Carries the {@code CKR_} code, its name and the function
 * that returned it.
 *
 * <p>Failures the SDK can name more precisely (a wrong PIN, a removed token, an unsupported
 * mechanism) are thrown as the API's exceptions ({@link org.ukey.api.PinIncorrectException},
 * {@link org.ukey.api.TokenRemovedException}, {@link org.ukey.api.UnsupportedAlgorithmException},
 * ...) with a {@code Pkcs11Exception} as their cause, so the code is never lost.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public class Pkcs11Exception extends UKeyException {
  private static final long serialVersionUID = 1L;

  private final long code;
  private final String codeName;
  private final String function;

  /**
   * Creates the exception.
   *
   * @param function the Cryptoki function, such as {@code "C_Login"}
   * @param code the return value, unsigned (vendor codes are {@code >= 0x80000000})
   * @param codeName its name: the spec name, a vendor profile's name, or
   *     {@code CKR_VENDOR_DEFINED+0x…}
   */
  public Pkcs11Exception(String function, long code, String codeName) {
    super(Objects.requireNonNull(function, "function") + " returned "
        + Objects.requireNonNull(codeName, "codeName")
        + String.format(Locale.ROOT, " (0x%08X)", code));
    this.code = code;
    this.codeName = codeName;
    this.function = function;
  }

  /**
   * The return value.
   *
   * @return the {@code CK_RV}, unsigned
   */
  public long code() {
    return code;
  }

  /**
   * The name of the return value.
   *
   * @return for example {@code "CKR_PIN_INCORRECT"}
   */
  public String codeName() {
    return codeName;
  }

  /**
   * The function that returned it.
   *
   * @return for example {@code "C_Login"}
   */
  public String function() {
    return function;
  }
}
