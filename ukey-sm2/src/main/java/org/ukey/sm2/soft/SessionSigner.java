package org.ukey.sm2.soft;

import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;

/**
 * A {@link org.ukey.sm2.SoftSigners} signer tied to its session: when the session closes (or the
 * token is deleted, or the key is deleted through the session) the session drops the delegate,
 * which held the private key, and every later call fails.
 *
 * <p><b>Thread-safety:</b> thread-safe; the check on the hot path is one volatile read.
 */
final class SessionSigner implements Signer {
  private final SoftSession session;
  private final SoftTokenKey key;
  private volatile Signer delegate;

  SessionSigner(SoftSession session, SoftTokenKey key, Signer delegate) {
    this.session = session;
    this.key = key;
    this.delegate = delegate;
  }

  SoftTokenKey key() {
    return key;
  }

  /** Drops the delegate and with it the private key. */
  void invalidate() {
    delegate = null;
  }

  private Signer live() throws UKeyException {
    Signer d = delegate;
    if (d == null) {
      throw session.signerUnusable(key);
    }
    return d;
  }

  private Signer liveUnchecked() {
    Signer d = delegate;
    if (d == null) {
      throw new IllegalStateException("signer for key " + Labels.quote(key.label())
          + " is no longer usable: its session was closed, or the key or token deleted");
    }
    return d;
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return liveUnchecked().algorithm();
  }

  @Override
  public PublicKey publicKey() {
    return liveUnchecked().publicKey();
  }

  @Override
  public Optional<X509Certificate> certificate() {
    return liveUnchecked().certificate();
  }

  @Override
  public byte[] sign(byte[] message) throws UKeyException {
    return live().sign(message);
  }

  @Override
  public byte[] sign(InputStream message) throws IOException, UKeyException {
    return live().sign(message);
  }

  @Override
  public boolean signsDigests() {
    return true;
  }

  @Override
  public byte[] signDigest(byte[] digest) throws UKeyException {
    return live().signDigest(digest);
  }

  @Override
  public String toString() {
    return "SoftTokenSigner[key=" + key.label() + ", " + (delegate == null ? "closed" : "open")
        + "]";
  }
}
