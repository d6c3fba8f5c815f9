package org.ukey.api;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * An asymmetric key on a token, seen from outside: its id, label, type, public key and
 * certificate. The private key never leaves the token; there is no native handle here.
 *
 * <p>Implementations print metadata only ({@code toString()} shows label, id, type, subject),
 * are not {@link java.io.Serializable}, and belong to the {@link Session} that found them: a key
 * from one session is refused by another token's session.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public interface TokenKey {
  /**
   * The key id (PKCS#11 {@code CKA_ID}), which links the key pair and its certificate.
   *
   * @return a fresh copy; may be empty
   */
  byte[] id();

  /**
   * The key label (PKCS#11 {@code CKA_LABEL}, the soft token's key name).
   *
   * @return the label; empty string when the token gave none
   */
  String label();

  /**
   * The key's spec: type and size or curve.
   *
   * @return the spec
   */
  KeySpec spec();

  /**
   * The key family, shorthand for {@code spec().type()}.
   *
   * @return SM2, RSA or EC
   */
  default KeyType type() {
    return spec().type();
  }

  /**
   * The public key. For SM2 it is an {@link java.security.interfaces.ECPublicKey} on
   * sm2p256v1.
   *
   * @return the public key
   */
  PublicKey publicKey();

  /**
   * The certificate stored with the key (same {@code CKA_ID}), if any.
   *
   * @return the certificate
   */
  Optional<X509Certificate> certificate();
}
