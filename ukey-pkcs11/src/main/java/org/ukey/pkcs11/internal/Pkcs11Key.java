package org.ukey.pkcs11.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import org.ukey.api.KeySpec;
import org.ukey.api.TokenKey;

/**
 * A key pair on a PKCS#11 token: the handles of its private key, public key and certificate
 * objects, hidden from the API, and what they say.
 *
 * <p>Not serializable; prints metadata only. Belongs to the {@link TokenState} it was found on:
 * another token's session refuses it.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
final class Pkcs11Key implements TokenKey {
  final TokenState state;
  final long privateHandle;
  /** The public key object, or 0 when the token has none. */
  final long publicHandle;
  /** The certificate object, or 0. */
  final long certificateHandle;
  private final byte[] id;
  private final String label;
  private final KeySpec spec;
  private final PublicKey publicKey;
  private final X509Certificate certificate;

  Pkcs11Key(TokenState state, long privateHandle, long publicHandle, long certificateHandle,
      byte[] id, String label, KeySpec spec, PublicKey publicKey, X509Certificate certificate) {
    this.state = state;
    this.privateHandle = privateHandle;
    this.publicHandle = publicHandle;
    this.certificateHandle = certificateHandle;
    this.id = id.clone();
    this.label = label;
    this.spec = spec;
    this.publicKey = publicKey;
    this.certificate = certificate;
  }

  @Override
  public byte[] id() {
    return id.clone();
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public KeySpec spec() {
    return spec;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public Optional<X509Certificate> certificate() {
    return Optional.ofNullable(certificate);
  }

  @Override
  public String toString() {
    return "Pkcs11Key[label=" + label + ", id=" + HexFormat.of().formatHex(id) + ", " + spec
        + (certificate == null ? "" : ", subject=" + certificate.getSubjectX500Principal())
        + "]";
  }
}
