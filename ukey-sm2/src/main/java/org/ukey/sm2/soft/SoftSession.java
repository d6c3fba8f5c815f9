package org.ukey.sm2.soft;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenRemovedException;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;

/**
 * A login to a soft token. Holds the token's data key, which opens the sealed key store, and a
 * cache of the decrypted keys that follows the file's revision: a key generated or deleted by
 * another session or process is seen at the next call that looks keys up.
 *
 * <p>Every change (generate, import, delete) re-reads the file under the directory lock, opens
 * the store, applies the change and writes the file back atomically, so concurrent writers in
 * other processes never lose each other's keys.
 *
 * <p><b>Thread-safety:</b> thread-safe. Signers made here sign concurrently without locking.
 *
 * <p><b>Security:</b> {@link #close()} zeroes the data key and the decrypted PKCS#8 encodings
 * and drops every signer's private key. The parsed private keys are Java {@code BigInteger}s,
 * which the JVM gives no way to overwrite; they become garbage and are collected in due course.
 */
final class SoftSession implements Session {
  private static final Logger LOG = LoggerFactory.getLogger(SoftSession.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_RANDOM = 65536;

  private enum State { OPEN, REMOVED, CLOSED }

  private final SoftToken token;
  private final TokenDirectory store;
  private final String label;
  private final String serial;
  private final byte[] dataKey;
  private volatile State state = State.OPEN;

  // Guarded by this.
  private TokenFile cachedFile;
  private List<StoredKey> cachedStored = List.of();
  private List<TokenKey> cachedKeys = List.of();
  private final Map<String, PrivateKey> privateKeys = new HashMap<>();
  private final Set<SessionSigner> signers = Collections.newSetFromMap(new WeakHashMap<>());

  /**
   * Opens a session over a file state whose PIN check has just succeeded.
   *
   * @param dataKey the token's data key; the session owns and wipes it
   * @throws InvalidEncodingException if the key store does not open (tampered file)
   */
  SoftSession(SoftToken token, TokenDirectory store, TokenFile file, byte[] dataKey)
      throws UKeyException {
    this.token = token;
    this.store = store;
    this.label = file.label;
    this.serial = file.serial;
    this.dataKey = dataKey;
    synchronized (this) {
      load(file);
    }
  }

  String serial() {
    return serial;
  }

  @Override
  public Token token() {
    return token;
  }

  @Override
  public synchronized List<TokenKey> keys() throws UKeyException {
    refresh();
    return cachedKeys;
  }

  @Override
  public synchronized TokenKey key(String keyLabel) throws UKeyException {
    Objects.requireNonNull(keyLabel, "label");
    refresh();
    for (TokenKey k : cachedKeys) {
      if (k.label().equals(keyLabel)) {
        return k;
      }
    }
    throw new KeyNotFoundException("no key labelled " + Labels.quote(keyLabel)
        + " on soft token " + Labels.quote(label));
  }

  @Override
  public synchronized TokenKey keyById(byte[] id) throws UKeyException {
    Objects.requireNonNull(id, "id");
    refresh();
    for (TokenKey k : cachedKeys) {
      if (((SoftTokenKey) k).hasId(id)) {
        return k;
      }
    }
    throw new KeyNotFoundException("no key with id " + HexFormat.of().formatHex(id)
        + " on soft token " + Labels.quote(label));
  }

  @Override
  public TokenKey generateKey(KeySpec spec, String keyLabel) throws UKeyException {
    Objects.requireNonNull(spec, "spec");
    checkKeyLabel(keyLabel);
    synchronized (this) {
      // Fail fast on a taken label before a slow RSA generation; checked again under the lock.
      refresh();
      requireLabelFree(cachedStored, keyLabel);
    }
    KeyPair pair = SoftKeys.generate(spec);
    byte[] spki = KeyMaterial.canonicalSpki(pair.getPublic());
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    StoredKey added = new StoredKey(keyLabel, KeyMaterial.keyId(spki), spki, pkcs8, null);
    Arrays.fill(pkcs8, (byte) 0);
    add("generating key " + Labels.quote(keyLabel), added);
    LOG.debug("generated {} key {} on soft token {}", spec, Labels.quote(keyLabel),
        Labels.quote(label));
    return keyById(added.id());
  }

  @Override
  public TokenKey importKey(PrivateKey privateKey, X509Certificate certificate, String keyLabel)
      throws UKeyException {
    Objects.requireNonNull(privateKey, "privateKey");
    checkKeyLabel(keyLabel);
    checkUsable();
    PrivateKey canonical = KeyMaterial.canonicalPrivateKey(privateKey);
    byte[] spki = KeyMaterial.canonicalSpki(SoftKeys.publicKeyOf(canonical));
    byte[] cert = null;
    if (certificate != null) {
      KeyMaterial.requireMatch(certificate, spki, keyLabel);
      cert = KeyMaterial.encoded(certificate);
    }
    byte[] pkcs8 = canonical.getEncoded();
    StoredKey added = new StoredKey(keyLabel, KeyMaterial.keyId(spki), spki, pkcs8, cert);
    Arrays.fill(pkcs8, (byte) 0);
    add("importing key " + Labels.quote(keyLabel), added);
    LOG.debug("imported key {} into soft token {}", Labels.quote(keyLabel), Labels.quote(label));
    return keyById(added.id());
  }

  /** Stores a new key if its label and id are free; wipes {@code added} in any case. */
  private void add(String what, StoredKey added) throws UKeyException {
    try {
      change(what, keys -> {
        requireLabelFree(keys, added.label);
        requireIdFree(keys, added);
        List<StoredKey> next = new ArrayList<>(keys);
        next.add(added);
        return next;
      });
    } finally {
      added.wipe();
    }
  }

  @Override
  public TokenKey importCertificate(TokenKey key, X509Certificate certificate)
      throws UKeyException {
    Objects.requireNonNull(certificate, "certificate");
    SoftTokenKey mine = own(key);
    byte[] der = KeyMaterial.encoded(certificate);
    change("storing a certificate for key " + Labels.quote(mine.label()), keys -> {
      List<StoredKey> next = new ArrayList<>(keys);
      int i = indexOf(next, mine);
      KeyMaterial.requireMatch(certificate, next.get(i).spki(), next.get(i).label);
      next.set(i, next.get(i).withCertificate(der));
      return next;
    });
    return keyById(mine.id());
  }

  @Override
  public void deleteKey(TokenKey key) throws UKeyException {
    SoftTokenKey mine = own(key);
    change("deleting key " + Labels.quote(mine.label()), keys -> {
      List<StoredKey> next = new ArrayList<>(keys);
      next.remove(indexOf(next, mine));
      return next;
    });
    synchronized (this) {
      for (SessionSigner s : signers) {
        if (s.key().equals(mine)) {
          s.invalidate();
        }
      }
    }
    LOG.debug("deleted key {} from soft token {}", Labels.quote(mine.label()),
        Labels.quote(label));
  }

  @Override
  public Signer signer(TokenKey key, SignatureAlgorithm algorithm) throws UKeyException {
    Objects.requireNonNull(algorithm, "algorithm");
    SoftTokenKey mine = own(key);
    synchronized (this) {
      refresh();
      SoftTokenKey current = currentKey(mine);
      if (algorithm.keyType() != current.type()) {
        throw new UnsupportedAlgorithmException(algorithm + " cannot sign with the "
            + current.spec() + " key " + Labels.quote(current.label()));
      }
      Signer delegate = SoftSigners.create(privateKey(current), current.publicKey(),
          current.certificate().orElse(null), algorithm);
      SessionSigner signer = new SessionSigner(this, current, delegate);
      signers.add(signer);
      return signer;
    }
  }

  @Override
  public byte[] decrypt(TokenKey key, EncryptionAlgorithm algorithm, byte[] ciphertext)
      throws UKeyException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(ciphertext, "ciphertext");
    SoftTokenKey mine = own(key);
    PrivateKey privateKey;
    synchronized (this) {
      refresh();
      SoftTokenKey current = currentKey(mine);
      if (algorithm.keyType() != current.type()) {
        throw new UnsupportedAlgorithmException(algorithm + " cannot decrypt with the "
            + current.spec() + " key " + Labels.quote(current.label()));
      }
      privateKey = privateKey(current);
    }
    return decryptWithPrivateKey(privateKey, algorithm, ciphertext);
  }

  /**
   * The one place where soft-token decryption will be wired once SM2 and RSA decryption land in
   * {@code org.ukey.sm2} (another engineer's work in progress); until then it refuses.
   */
  private static byte[] decryptWithPrivateKey(PrivateKey privateKey,
      EncryptionAlgorithm algorithm, byte[] ciphertext) throws UnsupportedAlgorithmException {
    throw new UnsupportedAlgorithmException("decryption is not available on the soft token yet ("
        + algorithm + ")");
  }

  @Override
  public byte[] generateRandom(int length) throws UKeyException {
    if (length < 0 || length > MAX_RANDOM) {
      throw new IllegalArgumentException("length must be 0.." + MAX_RANDOM + ", was " + length);
    }
    checkUsable();
    byte[] out = new byte[length];
    RANDOM.nextBytes(out);
    return out;
  }

  @Override
  public boolean isOpen() {
    if (state != State.OPEN) {
      return false;
    }
    if (!token.isPresent()) {
      markRemoved();
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    if (end(State.CLOSED)) {
      token.provider().sessionClosed(this);
      LOG.debug("closed session on soft token {}", Labels.quote(label));
    }
  }

  /** The token was deleted: the session stays unusable until closed. */
  void markRemoved() {
    if (end(State.REMOVED)) {
      LOG.debug("soft token {} was removed under an open session", Labels.quote(label));
    }
  }

  /** Moves to a final state and drops every secret; returns whether this call did so first. */
  private synchronized boolean end(State to) {
    State from = state;
    if (from == State.CLOSED || (from == State.REMOVED && to == State.REMOVED)) {
      return false;
    }
    state = to;
    if (from == State.OPEN) {
      Arrays.fill(dataKey, (byte) 0);
      StoredKey.wipeAll(cachedStored);
      cachedStored = List.of();
      cachedKeys = List.of();
      cachedFile = null;
      privateKeys.clear();
      for (SessionSigner s : signers) {
        s.invalidate();
      }
      signers.clear();
    }
    return true;
  }

  /** The exception a dead signer throws: unchecked after close, checked otherwise. */
  UKeyException signerUnusable(SoftTokenKey key) {
    switch (state) {
      case CLOSED:
        throw new IllegalStateException("session on soft token " + Labels.quote(label)
            + " is closed; its signers are unusable");
      case REMOVED:
        return removed(null);
      default:
        return new KeyNotFoundException("key " + Labels.quote(key.label())
            + " was deleted from soft token " + Labels.quote(label));
    }
  }

  // ---- internals; callers hold the monitor unless noted ----

  private void checkUsable() throws TokenRemovedException {
    State s = state;
    if (s == State.CLOSED) {
      throw new IllegalStateException("session on soft token " + Labels.quote(label)
          + " is closed");
    }
    if (s == State.REMOVED) {
      throw removed(null);
    }
  }

  private TokenRemovedException removed(Throwable cause) {
    return new TokenRemovedException("soft token " + Labels.quote(label) + " (serial " + serial
        + ") was deleted", cause);
  }

  /** Reads this token's file; a missing file or another token under the label is removal. */
  private TokenFile readOwn() throws UKeyException {
    TokenFile now;
    try {
      now = store.read(label);
    } catch (org.ukey.api.TokenNotPresentException e) {
      markRemoved();
      throw removed(e);
    }
    if (!now.serial.equals(serial)) {
      markRemoved();
      throw removed(null);
    }
    return now;
  }

  private void refresh() throws UKeyException {
    checkUsable();
    TokenFile now = readOwn();
    if (cachedFile == null || !cachedFile.sameRevision(now)) {
      load(now);
    }
  }

  private void load(TokenFile file) throws UKeyException {
    List<StoredKey> stored = file.openStore(store.fileFor(label), dataKey);
    List<TokenKey> keys = new ArrayList<>(stored.size());
    try {
      for (StoredKey s : stored) {
        keys.add(toTokenKey(s));
      }
    } catch (UKeyException | RuntimeException e) {
      StoredKey.wipeAll(stored);
      throw e;
    }
    StoredKey.wipeAll(cachedStored);
    cachedStored = stored;
    cachedKeys = Collections.unmodifiableList(keys);
    cachedFile = file;
    // A key's id is its public key's hash, so a cached private key stays right while its id is
    // in the store; drop the ones that left.
    privateKeys.keySet().removeIf(hex -> stored.stream()
        .noneMatch(s -> HexFormat.of().formatHex(s.id()).equals(hex)));
  }

  private SoftTokenKey toTokenKey(StoredKey s) throws InvalidEncodingException {
    String what = "soft token file " + store.fileFor(label) + " key " + Labels.quote(s.label);
    PublicKey pub = SoftKeys.publicKey(s.spki());
    KeySpec spec = KeyMaterial.specOf(pub, what);
    byte[] certDer = s.certificate();
    X509Certificate cert = certDer == null ? null
        : KeyMaterial.parseCertificate(certDer, what + " certificate");
    return new SoftTokenKey(serial, s.label, s.id(), spec, pub, cert);
  }

  private PrivateKey privateKey(SoftTokenKey key) throws UKeyException {
    String hex = HexFormat.of().formatHex(key.id());
    PrivateKey pk = privateKeys.get(hex);
    if (pk == null) {
      StoredKey s = cachedStored.get(indexOf(cachedStored, key));
      byte[] der = s.pkcs8();
      try {
        pk = SoftKeys.privateKey(der);
      } finally {
        Arrays.fill(der, (byte) 0);
      }
      privateKeys.put(hex, pk);
    }
    return pk;
  }

  private SoftTokenKey currentKey(SoftTokenKey key) throws KeyNotFoundException {
    for (TokenKey k : cachedKeys) {
      if (k.equals(key)) {
        return (SoftTokenKey) k;
      }
    }
    throw notFound(key);
  }

  private KeyNotFoundException notFound(SoftTokenKey key) {
    return new KeyNotFoundException("key " + Labels.quote(key.label()) + " (id "
        + HexFormat.of().formatHex(key.id()) + ") is no longer on soft token "
        + Labels.quote(label));
  }

  private int indexOf(List<StoredKey> keys, SoftTokenKey key) throws KeyNotFoundException {
    for (int i = 0; i < keys.size(); i++) {
      if (key.hasId(keys.get(i).id())) {
        return i;
      }
    }
    throw notFound(key);
  }

  /** A key handed out for this token; a key of another token or provider is refused. */
  private SoftTokenKey own(TokenKey key) throws UKeyException {
    Objects.requireNonNull(key, "key");
    checkUsable();
    if (!(key instanceof SoftTokenKey) || !((SoftTokenKey) key).tokenSerial().equals(serial)) {
      throw new KeyNotFoundException("key " + Labels.quote(key.label())
          + " does not belong to soft token " + Labels.quote(label) + " (serial " + serial + ")");
    }
    return (SoftTokenKey) key;
  }

  private static void checkKeyLabel(String keyLabel) throws UKeyException {
    Objects.requireNonNull(keyLabel, "label");
    String problem = Labels.problem(keyLabel, StoredKey.MAX_LABEL_BYTES);
    if (problem != null) {
      throw new UKeyException("invalid key label " + Labels.quote(keyLabel) + ": " + problem);
    }
  }

  private void requireLabelFree(List<StoredKey> keys, String keyLabel) throws UKeyException {
    for (StoredKey k : keys) {
      if (k.label.equals(keyLabel)) {
        throw new UKeyException("soft token " + Labels.quote(label) + " already has a key"
            + " labelled " + Labels.quote(keyLabel));
      }
    }
  }

  private void requireIdFree(List<StoredKey> keys, StoredKey added) throws UKeyException {
    for (StoredKey k : keys) {
      if (k.hasId(added.id())) {
        throw new UKeyException("soft token " + Labels.quote(label) + " already holds this key,"
            + " labelled " + Labels.quote(k.label));
      }
    }
  }

  /** A change to the key list, applied to the list as stored now. */
  @FunctionalInterface
  private interface KeyChange {
    List<StoredKey> apply(List<StoredKey> current) throws UKeyException;
  }

  /**
   * Re-reads the file under the directory lock, applies the change to the stored keys, seals and
   * writes the result atomically, and reloads the cache. Not called with the monitor held by
   * another path that waits for the directory lock, so no lock-order inversion.
   */
  private synchronized void change(String what, KeyChange change) throws UKeyException {
    checkUsable();
    TokenFile written = store.locked(what, () -> {
      TokenFile now = readOwn();
      List<StoredKey> current = now.openStore(store.fileFor(label), dataKey);
      List<StoredKey> next = List.of();
      try {
        next = change.apply(current);
        TokenFile updated = now.changed(now.user, now.mustChange, now.userFailures,
            now.soFailures, next, dataKey);
        store.write(label, updated);
        return updated;
      } finally {
        // Both lists are throw-away copies: the cache is reloaded from what was written.
        StoredKey.wipeAll(current);
        StoredKey.wipeAll(next);
      }
    });
    load(written);
  }

  @Override
  public String toString() {
    return "SoftSession[token=" + label + ", serial=" + serial + ", " + state + "]";
  }
}
