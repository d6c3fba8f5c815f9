package org.ukey.pkcs11;

import java.nio.file.Path;
import java.util.Objects;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.internal.ProviderImpl;

/**
 * The entry point: loads a vendor's PKCS#11 library by path and offers its tokens.
 *
 * <pre>{@code
 * try (Pkcs11Provider p11 = Pkcs11.load(Path.of("/usr/lib/vendor/libgm3000.so"));
 *      Pin pin = Pin.of(pinChars);
 *      Session session = p11.tokens().get(0).login(pin)) {
 *   Signer signer = session.signer(session.key("seal-key"), SignatureAlgorithm.SM3_WITH_SM2);
 *   byte[] der = signer.sign(voucher);
 * }
 * }</pre>
 *
 * <p>One library path (after resolving links) is one module: it is initialized once
 * ({@code C_Initialize} with {@code CKF_OS_LOCKING_OK}), shared by every provider loaded from it,
 * and finalized when the last of them closes. A module that another component of the process
 * had initialized already (for example SunPKCS11) is adopted and never finalized by the SDK.
 *
 * <p>Vendor mechanisms (SM2, SM3 and SM4 have no PKCS#11 numbers) come from a mechanism profile
 * picked by the token's manufacturer ID or named in {@link Pkcs11Options}.
 *
 * <p><b>Thread-safety:</b> thread-safe; providers, tokens, sessions and signers are too.
 */
public final class Pkcs11 {
  private Pkcs11() {}

  /**
   * Loads a library with the default options.
   *
   * @param library the path of the vendor's PKCS#11 library ({@code .so}, {@code .dylib},
   *     {@code .dll})
   * @return the provider; close it when done
   * @throws UKeyException if the file is not a usable PKCS#11 library or cannot be initialized
   */
  public static Pkcs11Provider load(Path library) throws UKeyException {
    return load(library, Pkcs11Options.defaults());
  }

  /**
   * Loads a library.
   *
   * @param library the path of the vendor's PKCS#11 library
   * @param options how to use it
   * @return the provider; close it when done
   * @throws UKeyException if the file is not a usable PKCS#11 library, a profile file is
   *     malformed, or the library cannot be initialized
   */
  public static Pkcs11Provider load(Path library, Pkcs11Options options) throws UKeyException {
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(options, "options");
    return ProviderImpl.open(library, options);
  }
}
