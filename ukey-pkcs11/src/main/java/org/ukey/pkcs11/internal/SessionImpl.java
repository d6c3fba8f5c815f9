package org.ukey.pkcs11.internal;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.KeySpec;
import org.ukey.api.KeyType;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.pkcs11.cryptoki.CKA;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKG;
import org.ukey.pkcs11.cryptoki.CKM;
import org.ukey.pkcs11.cryptoki.CKO;
import org.ukey.pkcs11.cryptoki.CK_RSA_PKCS_OAEP_PARAMS;
import org.ukey.sm2.SoftKeys;

/**
 * A logged-in use of a PKCS#11 token. Every operation borrows a native session from the token's
 * pool ({@link TokenState#withSession}) and returns it in {@code finally}; no native session is
 * held between calls, so one {@code SessionImpl} serves any number of threads.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
final class SessionImpl implements Session {
  private static final int MAX_KEYS = 10_000;
  private static final int MAX_RANDOM = 65536;
  private static final SecureRandom ID_RANDOM = new SecureRandom();

  private final TokenImpl token;
  private final TokenState state;
  private final MechanismProfile profile;
  private final ProviderImpl provider;
  private final AtomicBoolean closed = new AtomicBoolean();

  SessionImpl(TokenImpl token, TokenState state, MechanismProfile profile,
      ProviderImpl provider) {
    this.token = token;
    this.state = state;
    this.profile = profile;
    this.provider = provider;
  }

  void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("session on " + state.name + " is closed");
    }
  }

  /** The name of the mechanism profile this session signs with, for messages. */
  String profileName() {
    return profile.name();
  }

  @Override
  public Token token() {
    return token;
  }

  @Override
  public List<TokenKey> keys() throws UKeyException {
    checkOpen();
    return state.withSession(ns -> {
      long[] handles = state.calls.findObjects(ns.handle,
          new Template().ulong(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), MAX_KEYS);
      List<TokenKey> keys = new ArrayList<>();
      for (long h : handles) {
        KeyObjects.read(state, profile, ns.handle, h).ifPresent(keys::add);
      }
      return List.copyOf(keys);
    });
  }

  @Override
  public TokenKey key(String label) throws UKeyException {
    Objects.requireNonNull(label, "label");
    checkOpen();
    return find(new Template().ulong(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)
        .utf8(CKA.CKA_LABEL, label), "labelled '" + label + "'");
  }

  @Override
  public TokenKey keyById(byte[] id) throws UKeyException {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return find(new Template().ulong(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)
        .bytes(CKA.CKA_ID, id), "with id " + java.util.HexFormat.of().formatHex(id));
  }

  private TokenKey find(Template t, String what) throws UKeyException {
    return state.withSession(ns -> {
      long[] handles = state.calls.findObjects(ns.handle, t, 2);
      if (handles.length == 0) {
        throw new KeyNotFoundException("no private key " + what + " on " + state.name);
      }
      if (handles.length > 1) {
        throw new UKeyException("more than one private key " + what + " on " + state.name
            + "; use the key id");
      }
      return KeyObjects.read(state, profile, ns.handle, handles[0]).orElseThrow(() ->
          new KeyNotFoundException("the private key " + what + " on " + state.name
              + " has no public key, certificate or public attributes"));
    });
  }

  @Override
  public TokenKey generateKey(KeySpec spec, String label) throws UKeyException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(label, "label");
    checkOpen();
    KeyProfile kp = profile.key(spec.type()).orElseThrow(() ->
        new UnsupportedAlgorithmException("profile '" + profile.name() + "' has no "
            + spec.type() + " keys for " + state.name));
    if (kp.generateMechanism() < 0) {
      throw new UnsupportedAlgorithmException("profile '" + profile.name()
          + "' gives no way to generate " + spec.type() + " keys");
    }
    if (!state.supports(kp.generateMechanism(), CKF.CKF_GENERATE_KEY_PAIR)) {
      throw new UnsupportedAlgorithmException(state.name + " does not offer "
          + profile.mechanismName(kp.generateMechanism()) + " to generate " + spec
          + " keys");
    }
    byte[] id = newId();
    Template[] t = KeyTemplates.generate(spec, kp, id, label);
    return state.withSession(ns -> {
      requireUnusedLabel(ns, label);
      long[] pair = state.calls.generateKeyPair(ns.handle, kp.generateMechanism(), t[0], t[1]);
      return KeyObjects.read(state, profile, ns.handle, pair[1]).orElseThrow(() ->
          new UKeyException("the key generated on " + state.name + " cannot be read back"));
    });
  }

  @Override
  public TokenKey importKey(PrivateKey privateKey, X509Certificate certificate, String label)
      throws UKeyException {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(label, "label");
    checkOpen();
    KeySpec spec = SoftKeys.specOf(privateKey);
    PublicKey publicKey = SoftKeys.publicKeyOf(privateKey);
    if (certificate != null) {
      requireSameKey(certificate, publicKey);
    }
    KeyProfile kp = profile.key(spec.type()).orElseThrow(() ->
        new UnsupportedAlgorithmException("profile '" + profile.name() + "' has no "
            + spec.type() + " keys for " + state.name));
    byte[] id = newId();
    Template[] t = KeyTemplates.importKey(privateKey, publicKey, spec, kp, id, label);
    try {
      return state.withSession(ns -> {
        requireUnusedLabel(ns, label);
        long priv = state.calls.createObject(ns.handle, t[0]);
        try {
          state.calls.createObject(ns.handle, t[1]);
          if (certificate != null) {
            state.calls.createObject(ns.handle, KeyTemplates.certificate(certificate, id,
                label));
          }
        } catch (UKeyException e) {
          destroyQuietly(ns, priv);
          throw e;
        }
        return KeyObjects.read(state, profile, ns.handle, priv).orElseThrow();
      });
    } finally {
      t[0].wipe();
    }
  }

  @Override
  public TokenKey importCertificate(TokenKey key, X509Certificate certificate)
      throws UKeyException {
    Objects.requireNonNull(certificate, "certificate");
    checkOpen();
    Pkcs11Key k = own(key);
    requireSameKey(certificate, k.publicKey());
    return state.withSession(ns -> {
      byte[] id = k.id();
      for (long old : state.calls.findObjects(ns.handle, new Template()
          .ulong(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE).bytes(CKA.CKA_ID, id), MAX_KEYS)) {
        state.calls.destroyObject(ns.handle, old);
      }
      state.calls.createObject(ns.handle, KeyTemplates.certificate(certificate, id,
          k.label()));
      return KeyObjects.read(state, profile, ns.handle, k.privateHandle).orElseThrow();
    });
  }

  @Override
  public void deleteKey(TokenKey key) throws UKeyException {
    checkOpen();
    Pkcs11Key k = own(key);
    state.withSession(ns -> {
      byte[] id = k.id();
      if (id.length > 0) {
        for (long cls : new long[] {CKO.CKO_CERTIFICATE, CKO.CKO_PUBLIC_KEY}) {
          for (long h : state.calls.findObjects(ns.handle, new Template()
              .ulong(CKA.CKA_CLASS, cls).bytes(CKA.CKA_ID, id), MAX_KEYS)) {
            state.calls.destroyObject(ns.handle, h);
          }
        }
      }
      state.calls.destroyObject(ns.handle, k.privateHandle);
      return null;
    });
  }

  @Override
  public Signer signer(TokenKey key, SignatureAlgorithm algorithm) throws UKeyException {
    Objects.requireNonNull(algorithm, "algorithm");
    checkOpen();
    Pkcs11Key k = own(key);
    state.checkUsable();
    if (algorithm.keyType() != k.type()) {
      throw new UnsupportedAlgorithmException(algorithm + " cannot sign with the " + k.spec()
          + " key '" + k.label() + "'");
    }
    List<SignWay> ways = profile.ways(algorithm);
    if (ways.isEmpty()) {
      throw new UnsupportedAlgorithmException("profile '" + profile.name()
          + "' gives no way to make " + algorithm + " signatures");
    }
    List<String> offered = new ArrayList<>();
    for (SignWay w : ways) {
      offered.add(profile.mechanismName(w.mechanism()));
      if (w.input() == SignWay.Input.MESSAGE_Z && !algorithm.hasDefaultSm2UserId()) {
        continue;
      }
      if (state.supports(w.mechanism(), CKF.CKF_SIGN)) {
        return new Pkcs11Signer(this, k, algorithm, w, profile.mechanismName(w.mechanism()),
            profile.maxSinglePart());
      }
    }
    throw new UnsupportedAlgorithmException(state.name + " offers none of " + offered
        + " for " + algorithm + " (profile '" + profile.name() + "')");
  }

  @Override
  public byte[] decrypt(TokenKey key, EncryptionAlgorithm algorithm, byte[] ciphertext)
      throws UKeyException {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(ciphertext, "ciphertext");
    checkOpen();
    Pkcs11Key k = own(key);
    if (algorithm.keyType() != k.type()) {
      throw new UnsupportedAlgorithmException(algorithm + " cannot decrypt with the "
          + k.spec() + " key '" + k.label() + "'");
    }
    for (DecryptWay w : profile.ways(algorithm)) {
      if (!state.supports(w.mechanism(), CKF.CKF_DECRYPT)) {
        continue;
      }
      byte[] input = w.layout() == DecryptWay.Layout.NONE ? ciphertext
          : Sm2Ciphertexts.convert(ciphertext, algorithm, w.layout());
      byte[] parameter = w.oaepSha256() ? oaepParameters() : null;
      int expected = k.type() == KeyType.RSA ? (k.spec().bits() + 7) / 8
          : Math.max(1, ciphertext.length);
      return state.withSession(ns -> state.calls.decrypt(ns.handle, w.mechanism(), parameter,
          k.privateHandle, input, expected));
    }
    throw new UnsupportedAlgorithmException(state.name + " has no mechanism for " + algorithm
        + " in profile '" + profile.name() + "'");
  }

  private byte[] oaepParameters() {
    int size = CK_RSA_PKCS_OAEP_PARAMS.layout(state.calls.abi()).size();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size)
        .order(java.nio.ByteOrder.nativeOrder());
    CK_RSA_PKCS_OAEP_PARAMS.write(b, 0, state.calls.abi(), CKM.CKM_SHA256, CKG.CKG_MGF1_SHA256);
    return b.array();
  }

  @Override
  public byte[] generateRandom(int length) throws UKeyException {
    checkOpen();
    if (length < 0 || length > MAX_RANDOM) {
      throw new IllegalArgumentException("length must be 0.." + MAX_RANDOM + ", was " + length);
    }
    if (length == 0) {
      return new byte[0];
    }
    return state.withSession(ns -> state.calls.generateRandom(ns.handle, length));
  }

  @Override
  public boolean isOpen() {
    return !closed.get() && !state.isRemoved();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      provider.forget(this);
      state.logout();
    }
  }

  private Pkcs11Key own(TokenKey key) {
    Objects.requireNonNull(key, "key");
    if (!(key instanceof Pkcs11Key) || ((Pkcs11Key) key).state != state) {
      throw new IllegalArgumentException("key " + key + " is not a key of " + state.name);
    }
    return (Pkcs11Key) key;
  }

  private void requireUnusedLabel(NativeSession ns, String label) throws UKeyException {
    long[] same = state.calls.findObjects(ns.handle, new Template()
        .ulong(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY).utf8(CKA.CKA_LABEL, label), 1);
    if (same.length > 0) {
      throw new UKeyException("a key labelled '" + label + "' already exists on "
          + state.name);
    }
  }

  private void requireSameKey(X509Certificate certificate, PublicKey key) throws UKeyException {
    PublicKey inCert = SoftKeys.publicKey(certificate.getPublicKey().getEncoded());
    if (!Arrays.equals(inCert.getEncoded(), SoftKeys.publicKey(key.getEncoded()).getEncoded())) {
      throw new InvalidEncodingException("certificate " + certificate.getSubjectX500Principal(),
          -1, "its public key is not the key's");
    }
  }

  private void destroyQuietly(NativeSession ns, long handle) {
    try {
      state.calls.destroyObject(ns.handle, handle);
    } catch (UKeyException ignored) {
      // The original failure is reported; a leftover half-imported key is named in the log.
      org.slf4j.LoggerFactory.getLogger(SessionImpl.class).warn(
          "could not remove a half-imported key from {}", state.name);
    }
  }

  private static byte[] newId() {
    byte[] id = new byte[16];
    ID_RANDOM.nextBytes(id);
    return id;
  }

  @Override
  public String toString() {
    return "Session[" + state.name + (closed.get() ? ", closed" : "") + "]";
  }
}
