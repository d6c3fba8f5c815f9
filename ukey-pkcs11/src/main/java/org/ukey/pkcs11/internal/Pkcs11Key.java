package org.ukey.pkcs11.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.cryptoki.CKA;
import org.ukey.pkcs11.cryptoki.CKO;
import org.ukey.pkcs11.cryptoki.CKR;

/**
 * A key pair on a PKCS#11 token: the handle of its private key object, hidden from the API,
 * and what the key's objects (private key, public key, certificate with the same
 * {@code CKA_ID}) say.
 *
 * <p>Not serializable; prints metadata only. Belongs to the {@link TokenState} it was found on:
 * another token's session refuses it.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
final class Pkcs11Key implements TokenKey {
  final TokenState state;
  /** The private key's handle; found again when the module has renumbered its objects. */
  volatile long privateHandle;
  private final byte[] id;
  private final String label;
  private final KeySpec spec;
  private final PublicKey publicKey;
  private final X509Certificate certificate;

  Pkcs11Key(TokenState state, long privateHandle, byte[] id, String label, KeySpec spec, PublicKey publicKey, X509Certificate certificate) {
    this.state = state;
    this.privateHandle = privateHandle;
    this.id = id.clone();
    this.label = label;
    this.spec = spec;
    this.publicKey = publicKey;
    this.certificate = certificate;
  }

  /**
   * Finds the private key again by its id and label after the module answered
   * {@code CKR_KEY_HANDLE_INVALID} or {@code CKR_OBJECT_HANDLE_INVALID} for a token that is
   * still there: object handles are only guaranteed while a session is open (PKCS#11 v2.40
   * §2.5.2), and a module that lost all sessions may hand out new ones.
   *
   * @throws KeyNotFoundException if the key is no longer on the token
   */
  void refindHandle() throws UKeyException {
    long[] found = state.withSession(ns -> state.calls.findObjects(ns.handle, new Template()
        .ulong(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY).bytes(CKA.CKA_ID, id)
        .utf8(CKA.CKA_LABEL, label), 2));
    if (found.length != 1) {
      throw new KeyNotFoundException("the key '" + label + "' is no longer on " + state.name);
    }
    privateHandle = found[0];
  }

  /** Whether a failure says a cached object handle is stale. */
  static boolean staleHandle(UKeyException e) {
    return e instanceof Pkcs11Exception p && (p.code() == CKR.CKR_KEY_HANDLE_INVALID
        || p.code() == CKR.CKR_OBJECT_HANDLE_INVALID);
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
