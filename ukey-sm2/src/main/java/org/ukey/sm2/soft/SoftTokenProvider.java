package org.ukey.sm2.soft;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.Pin;
import org.ukey.api.Token;
import org.ukey.api.TokenListener;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.TokenProvider;
import org.ukey.api.TokenWatch;
import org.ukey.api.UKeyException;
import org.ukey.sm2.soft.PinSlot.Role;

/**
 * The soft token store (软件密码模块): tokens kept as encrypted files in one directory, the SDK's
 * embedded default {@link TokenProvider}. Open one with {@link SoftTokens#open(Path)}.
 *
 * <pre>{@code
 * try (SoftTokenProvider store = SoftTokens.open(SoftTokens.defaultDirectory());
 *      Pin pin = Pin.of(initialPin); Pin so = Pin.of(soPin); Pin newPin = Pin.of(chosenPin)) {
 *   Token token = store.createToken("finance", pin, so);
 *   token.changePin(pin, newPin);                        // the initial PIN must be changed
 *   try (Session session = token.login(newPin)) {
 *     TokenKey key = session.generateKey(KeySpec.sm2(), "seal-key");
 *     byte[] sig = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2).sign(data);
 *   }
 * }
 * }</pre>
 *
 * <p>Several providers, in one JVM or in several processes, may use the same directory at once:
 * every change is made under the directory's lock and written atomically. The on-disk format is
 * described in the {@linkplain org.ukey.sm2.soft package documentation}.
 *
 * <p>{@link #tokens()} lists one {@link Token} per token file, by label; a damaged file still
 * appears, and its {@link Token#info()} reports what is wrong with it.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 *
 * <p><b>Security:</b> keys and certificates are encrypted at rest under a key derived from the
 * PIN (see {@link SoftTokenOptions} for the cost). A soft token is only as safe as the account
 * that owns the directory: whoever can write the files can reset the PIN retry counters or roll
 * a token back to an older copy, and whoever can read them can guess PINs offline at the cost of
 * scrypt per guess. Use a hardware token where that matters. A session holds its token's
 * private keys decrypted in memory from login to {@link org.ukey.api.Session#close()}; closing
 * zeroes the data key and the decrypted key encodings, but parsed private keys are Java
 * {@code BigInteger}s, which the JVM gives no way to overwrite: they are left to the garbage
 * collector.
 */
public final class SoftTokenProvider implements TokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(SoftTokenProvider.class);

  private final TokenDirectory store;
  private final TokenWatcher watcher;
  private final Set<SoftSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  SoftTokenProvider(TokenDirectory store) {
    this.store = store;
    this.watcher = new TokenWatcher(store);
  }

  /**
   * The directory this provider keeps its tokens in.
   *
   * @return the directory's real path
   */
  public Path directory() {
    return store.path();
  }

  @Override
  public String description() {
    return "UKey soft token store " + store.path();
  }

  @Override
  public List<Token> tokens() throws UKeyException {
    checkOpen();
    List<Token> tokens = new ArrayList<>();
    for (String label : store.labels()) {
      tokens.add(new SoftToken(this, store, label));
    }
    return List.copyOf(tokens);
  }

  /**
   * The token with the given label. Looks at that token's file only, so a damaged file of
   * another token does not get in the way.
   *
   * @param label the token label
   * @return the token
   * @throws TokenNotPresentException if there is no token with that label
   */
  @Override
  public Token token(String label) throws UKeyException {
    Objects.requireNonNull(label, "label");
    checkOpen();
    if (TokenDirectory.labelProblem(label) != null
        || !Files.isRegularFile(store.fileFor(label), LinkOption.NOFOLLOW_LINKS)) {
      throw new TokenNotPresentException("no soft token labelled " + Labels.quote(label)
          + " in " + store.path());
    }
    return new SoftToken(this, store, label);
  }

  /**
   * Creates a token with the default options: 6 tries per PIN, strong scrypt cost, and the user
   * PIN to be changed before first use.
   *
   * @param label the token label: 1 to 64 bytes in UTF-8, no control characters, no leading or
   *     trailing white space, unique in this directory
   * @param userPin the initial user PIN, 4 to 255 bytes in UTF-8
   * @param soPin the security officer (SO, 安全管理员) PIN, 4 to 255 bytes, different from the
   *     user PIN
   * @return the new token
   * @throws UKeyException if the label is invalid or taken, a PIN is refused, or the store fails
   */
  public Token createToken(String label, Pin userPin, Pin soPin) throws UKeyException {
    return createToken(label, userPin, soPin, SoftTokenOptions.defaults());
  }

  /**
   * Creates a token. Takes about two PIN derivations' time (see {@link SoftTokenOptions}).
   *
   * @param label the token label: 1 to 64 bytes in UTF-8, no control characters, no leading or
   *     trailing white space, unique in this directory
   * @param userPin the initial user PIN, 4 to 255 bytes in UTF-8
   * @param soPin the security officer (SO) PIN, 4 to 255 bytes, different from the user PIN
   * @param options retry limit, KDF cost, must-change
   * @return the new token
   * @throws UKeyException if the label is invalid or taken, a PIN is refused, or the store fails
   */
  public Token createToken(String label, Pin userPin, Pin soPin, SoftTokenOptions options)
      throws UKeyException {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(userPin, "userPin");
    Objects.requireNonNull(soPin, "soPin");
    Objects.requireNonNull(options, "options");
    checkOpen();
    String problem = TokenDirectory.labelProblem(label);
    if (problem != null) {
      throw new UKeyException("invalid token label " + Labels.quote(label) + ": " + problem);
    }
    if (userPin.matches(soPin)) {
      throw new UKeyException("the user PIN and the SO PIN must differ");
    }
    requireLabelFree(label);
    byte[] user = SoftToken.newPinBytes(userPin, "user PIN");
    byte[] so = null;
    byte[] dataKey = Sm4Gcm.randomBytes(Sm4Gcm.KEY_LENGTH);
    try {
      so = SoftToken.newPinBytes(soPin, "SO PIN");
      String serial = HexFormat.of().withUpperCase().formatHex(Sm4Gcm.randomBytes(8));
      PinSlot userSlot;
      PinSlot soSlot;
      try (PinSlot.Derived u = PinSlot.deriveNew(options.scryptCost(), user);
           PinSlot.Derived s = PinSlot.deriveNew(options.scryptCost(), so)) {
        userSlot = PinSlot.seal(u, Role.USER, serial, dataKey);
        soSlot = PinSlot.seal(s, Role.SO, serial, dataKey);
      }
      TokenFile tf = TokenFile.create(label, serial, options, userSlot, soSlot, dataKey);
      store.locked("creating token " + Labels.quote(label), () -> {
        requireLabelFree(label);
        store.write(label, tf);
        return null;
      });
      LOG.info("created soft token {} (serial {}) in {}", Labels.quote(label), serial,
          store.path());
      return new SoftToken(this, store, label);
    } finally {
      Arrays.fill(user, (byte) 0);
      if (so != null) {
        Arrays.fill(so, (byte) 0);
      }
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * Deletes a token and every key on it, after checking its SO PIN. A wrong SO PIN counts
   * towards the SO PIN's lock like any other. Sessions on the token opened through this provider
   * become unusable at once ({@link org.ukey.api.TokenRemovedException}); those of other
   * providers and processes at their next key lookup.
   *
   * <p>A token whose SO PIN is lost or locked cannot be deleted through the SDK; deleting its
   * file from the directory removes it.
   *
   * @param label the token label
   * @param soPin the token's SO PIN
   * @throws TokenNotPresentException if there is no such token
   * @throws org.ukey.api.PinIncorrectException if the SO PIN is wrong
   * @throws org.ukey.api.PinLockedException if the SO PIN is locked
   * @throws UKeyException if the store fails
   */
  public void deleteToken(String label, Pin soPin) throws UKeyException {
    Objects.requireNonNull(soPin, "soPin");
    SoftToken token = (SoftToken) token(label);
    String serial = token.deleteWithSoPin(soPin);
    // After the directory lock is released: sessions take their own monitor, then that lock.
    for (SoftSession s : sessions) {
      if (s.serial().equals(serial)) {
        s.markRemoved();
      }
    }
    LOG.info("deleted soft token {} (serial {}) from {}", Labels.quote(label), serial,
        store.path());
  }

  /**
   * Reports tokens created and deleted in this directory, by any process, within about half a
   * second. Events come from one daemon thread; the slot of each event is the token label.
   *
   * @param listener the listener
   * @return the registration; close it to stop
   */
  @Override
  public TokenWatch watch(TokenListener listener) throws UKeyException {
    checkOpen();
    return watcher.add(listener);
  }

  /** Closes every session opened through this provider and stops the watcher. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    watcher.close();
    for (SoftSession s : sessions) {
      s.close();
    }
    LOG.debug("closed {}", description());
  }

  @Override
  public String toString() {
    return "SoftTokenProvider[" + store.path() + (closed ? ", closed" : "") + "]";
  }

  // ---- package-private plumbing ----

  boolean isClosed() {
    return closed;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException(description() + " is closed");
    }
  }

  void sessionOpened(SoftSession session) {
    sessions.add(session);
    if (closed) {
      // close() raced with the login: do not leave a session it did not see.
      session.close();
      throw new IllegalStateException(description() + " is closed");
    }
  }

  void sessionClosed(SoftSession session) {
    sessions.remove(session);
  }

  private void requireLabelFree(String label) throws UKeyException {
    if (Files.exists(store.fileFor(label), LinkOption.NOFOLLOW_LINKS)) {
      throw new UKeyException("a soft token labelled " + Labels.quote(label) + " already exists"
          + " in " + store.path());
    }
  }
}
