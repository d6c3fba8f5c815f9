package org.ukey.testkit.contract;

import java.io.IOException;
import java.io.InputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenListener;
import org.ukey.api.TokenProvider;
import org.ukey.api.TokenWatch;
import org.ukey.api.UKeyException;

/**
 * A real provider seen through one deliberate defect, to prove that the contract suite catches
 * it. This is a fake above the binding, used only to test the tests: everything but the defect
 * is the real provider's behaviour.
 */
final class BrokenProvider implements TokenProvider {
  /** The defects. */
  enum Defect {
    /** Every signature comes back with one bit flipped. */
    FLIPPED_SIGNATURE_BIT,
    /**
     * A wrong PIN costs no try: the wrapper logs in with the right PIN behind the caller's back
     * to reset the counter, and reports the full count.
     */
    WRONG_PIN_NOT_COUNTED,
    /** {@code sign(InputStream)} reads the whole message into memory first. */
    BUFFERED_STREAM,
    /** {@code Session.close()} does nothing. */
    CLOSE_IGNORED,
    /**
     * {@code signDigest} signs the digest as if it were the message, hashing it again: the
     * classic mistake of passing a hash to an API that hashes.
     */
    DIGEST_HASHED_AGAIN
  }

  private final TokenProvider real;
  private final Defect defect;
  private final TokenContractFixture fixture;

  BrokenProvider(TokenProvider real, Defect defect, TokenContractFixture fixture) {
    this.real = real;
    this.defect = defect;
    this.fixture = fixture;
  }

  @Override
  public String description() {
    return real.description() + " broken: " + defect;
  }

  @Override
  public List<Token> tokens() throws UKeyException {
    List<Token> tokens = new ArrayList<>();
    for (Token t : real.tokens()) {
      tokens.add(new BrokenToken(t));
    }
    return Collections.unmodifiableList(tokens);
  }

  @Override
  public Token token(String label) throws UKeyException {
    return new BrokenToken(real.token(label));
  }

  @Override
  public TokenWatch watch(TokenListener listener) throws UKeyException {
    return real.watch(listener);
  }

  @Override
  public void close() {
    real.close();
  }

  private final class BrokenToken implements Token {
    private final Token token;

    BrokenToken(Token token) {
      this.token = token;
    }

    @Override
    public TokenInfo info() throws UKeyException {
      return token.info();
    }

    @Override
    public boolean isPresent() {
      return token.isPresent();
    }

    @Override
    public Session login(Pin userPin) throws UKeyException {
      try {
        return new BrokenSession(this, token.login(userPin));
      } catch (PinIncorrectException e) {
        if (defect != Defect.WRONG_PIN_NOT_COUNTED) {
          throw e;
        }
        try (Pin right = fixture.userPin()) {
          token.login(right).close();
        } catch (UKeyException ignored) {
          // The fixture's PIN may no longer be right (changed, or must be changed first).
        }
        throw new PinIncorrectException(fixture.pinRetryLimit().orElse(-1), e);
      }
    }

    @Override
    public void changePin(Pin oldPin, Pin newPin) throws UKeyException {
      token.changePin(oldPin, newPin);
    }

    @Override
    public void unlockPin(Pin soPin, Pin newUserPin) throws UKeyException {
      token.unlockPin(soPin, newUserPin);
    }
  }

  private final class BrokenSession implements Session {
    private final Token token;
    private final Session session;

    BrokenSession(Token token, Session session) {
      this.token = token;
      this.session = session;
    }

    @Override
    public Token token() {
      return token;
    }

    @Override
    public List<TokenKey> keys() throws UKeyException {
      return session.keys();
    }

    @Override
    public TokenKey key(String label) throws UKeyException {
      return session.key(label);
    }

    @Override
    public TokenKey keyById(byte[] id) throws UKeyException {
      return session.keyById(id);
    }

    @Override
    public TokenKey generateKey(KeySpec spec, String label) throws UKeyException {
      return session.generateKey(spec, label);
    }

    @Override
    public TokenKey importKey(PrivateKey privateKey, X509Certificate certificate, String label)
        throws UKeyException {
      return session.importKey(privateKey, certificate, label);
    }

    @Override
    public TokenKey importCertificate(TokenKey key, X509Certificate certificate)
        throws UKeyException {
      return session.importCertificate(key, certificate);
    }

    @Override
    public void deleteKey(TokenKey key) throws UKeyException {
      session.deleteKey(key);
    }

    @Override
    public Signer signer(TokenKey key, SignatureAlgorithm algorithm) throws UKeyException {
      return new BrokenSigner(session.signer(key, algorithm));
    }

    @Override
    public byte[] decrypt(TokenKey key, EncryptionAlgorithm algorithm, byte[] ciphertext)
        throws UKeyException {
      return session.decrypt(key, algorithm, ciphertext);
    }

    @Override
    public byte[] generateRandom(int length) throws UKeyException {
      return session.generateRandom(length);
    }

    @Override
    public boolean isOpen() {
      return session.isOpen();
    }

    @Override
    public void close() {
      if (defect != Defect.CLOSE_IGNORED) {
        session.close();
      }
    }
  }

  private final class BrokenSigner implements Signer {
    private final Signer signer;

    BrokenSigner(Signer signer) {
      this.signer = signer;
    }

    @Override
    public SignatureAlgorithm algorithm() {
      return signer.algorithm();
    }

    @Override
    public PublicKey publicKey() {
      return signer.publicKey();
    }

    @Override
    public Optional<X509Certificate> certificate() {
      return signer.certificate();
    }

    @Override
    public byte[] sign(byte[] message) throws UKeyException {
      return spoil(signer.sign(message));
    }

    @Override
    public byte[] sign(InputStream message) throws IOException, UKeyException {
      if (defect == Defect.BUFFERED_STREAM) {
        return signer.sign(message.readAllBytes());
      }
      return spoil(signer.sign(message));
    }

    @Override
    public byte[] signDigest(byte[] digest) throws UKeyException {
      if (defect == Defect.DIGEST_HASHED_AGAIN) {
        return signer.sign(digest);
      }
      return spoil(signer.signDigest(digest));
    }

    private byte[] spoil(byte[] signature) {
      if (defect == Defect.FLIPPED_SIGNATURE_BIT) {
        signature[signature.length / 2] ^= 0x10;
      }
      return signature;
    }
  }
}
