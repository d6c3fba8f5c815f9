package org.ukey.policy.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;
import org.ukey.api.PinStatus;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.pki.CertificateBuilder;

/**
 * A token in memory with real SM2 keys (BouncyCastle through SoftKeys/SoftSigners), a PIN with a
 * retry counter and a must-change flag: the test double below the API on which the guard's layer
 * is unit-tested. The guard is proven on real tokens by the CLI over the soft token.
 */
public final class SoftTestToken implements Token {
  private final String serial;
  private char[] pin;
  private boolean mustChange;
  private int retries = 6;
  private final Map<String, Entry> keys = new LinkedHashMap<>();

  private record Entry(String label, KeyPair pair, X509Certificate cert) implements TokenKey {
    @Override
    public byte[] id() {
      return label.getBytes();
    }

    @Override
    public KeySpec spec() {
      return KeySpec.sm2();
    }

    @Override
    public PublicKey publicKey() {
      return pair.getPublic();
    }

    @Override
    public Optional<X509Certificate> certificate() {
      return Optional.ofNullable(cert);
    }

    @Override
    public String toString() {
      return "TestKey[" + label + "]";
    }
  }

  public SoftTestToken(String serial, String pin, boolean mustChange) {
    this.serial = serial;
    this.pin = pin.toCharArray();
    this.mustChange = mustChange;
  }

  /** Adds an SM2 key with a self-signed certificate of the given serial (hex). */
  public TokenKey addKey(String label, String certSerialHex) throws UKeyException {
    KeyPair kp = SoftKeys.generate(KeySpec.sm2());
    X509Certificate cert = null;
    if (certSerialHex != null) {
      Signer self = SoftSigners.create(kp.getPrivate(), kp.getPublic(), null,
          SignatureAlgorithm.SM3_WITH_SM2);
      Instant from = Instant.parse("2026-01-01T00:00:00Z");
      cert = CertificateBuilder.forSubject("CN=" + label + ",O=Test", kp.getPublic())
          .serialNumber(new BigInteger(certSerialHex, 16))
          .validity(from, from.plus(3650, ChronoUnit.DAYS)).sign(self);
    }
    Entry e = new Entry(label, kp, cert);
    keys.put(label, e);
    return e;
  }

  public String serial() {
    return serial;
  }

  @Override
  public synchronized TokenInfo info() {
    return new TokenInfo("test", serial, "test", "in-memory",
        new PinStatus(OptionalInt.of(retries), retries < 6, retries == 1, retries == 0,
            mustChange, false));
  }

  @Override
  public boolean isPresent() {
    return true;
  }

  private void checkPin(Pin p) throws UKeyException {
    if (retries == 0) {
      throw new PinLockedException("locked", null);
    }
    if (!p.matches(Pin.of(pin))) {
      retries--;
      throw new PinIncorrectException(retries, null);
    }
    retries = 6;
  }

  @Override
  public synchronized Session login(Pin userPin) throws UKeyException {
    checkPin(userPin);
    if (mustChange) {
      throw new PinChangeRequiredException("token " + serial + " requires a PIN change");
    }
    return new TestSession();
  }

  @Override
  public synchronized void changePin(Pin oldPin, Pin newPin) throws UKeyException {
    checkPin(oldPin);
    pin = newPin.toCharArray();
    mustChange = false;
  }

  @Override
  public synchronized void unlockPin(Pin soPin, Pin newUserPin) {
    pin = newUserPin.toCharArray();
    retries = 6;
    mustChange = true;
  }

  private final class TestSession implements Session {
    private boolean open = true;

    @Override
    public Token token() {
      return SoftTestToken.this;
    }

    @Override
    public List<TokenKey> keys() {
      return new ArrayList<>(keys.values());
    }

    @Override
    public TokenKey key(String label) throws UKeyException {
      Entry e = keys.get(label);
      if (e == null) {
        throw new KeyNotFoundException("no key " + label);
      }
      return e;
    }

    @Override
    public TokenKey keyById(byte[] id) throws UKeyException {
      return key(new String(id));
    }

    @Override
    public TokenKey generateKey(KeySpec spec, String label) throws UKeyException {
      return addKey(label, null);
    }

    @Override
    public TokenKey importKey(PrivateKey privateKey, X509Certificate certificate, String label)
        throws UKeyException {
      throw new UnsupportedAlgorithmException("no import");
    }

    @Override
    public TokenKey importCertificate(TokenKey key, X509Certificate certificate)
        throws UKeyException {
      throw new UnsupportedAlgorithmException("no import");
    }

    @Override
    public void deleteKey(TokenKey key) {
      keys.remove(key.label());
    }

    @Override
    public Signer signer(TokenKey key, SignatureAlgorithm algorithm) throws UKeyException {
      if (!open) {
        throw new IllegalStateException("closed");
      }
      Entry e = (Entry) key(key.label());
      return SoftSigners.create(e.pair().getPrivate(), e.pair().getPublic(), e.cert(),
          algorithm);
    }

    @Override
    public byte[] decrypt(TokenKey key, EncryptionAlgorithm algorithm, byte[] ciphertext)
        throws UKeyException {
      throw new UnsupportedAlgorithmException("no decryption in the test token");
    }

    @Override
    public byte[] generateRandom(int length) {
      return new byte[length];
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
