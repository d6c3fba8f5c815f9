package org.ukey.sm2.soft;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.UKeyException;
import org.ukey.sm2.soft.PinSlot.Role;

/**
 * A soft token: a handle on the token file of one label in the store.
 *
 * <p>Every PIN check is counted before it is made: under the directory lock the failure counter
 * is incremented and the file written and flushed; only then is the PIN derived (slow, outside
 * the lock) and tried; a success resets the counter. Killing the process at any moment can
 * therefore only leave a wrong attempt counted, never uncounted.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
final class SoftToken implements Token {
  static final String MANUFACTURER = "UKey SDK";
  static final String MODEL = "soft token";
  static final int MIN_PIN_BYTES = 4;
  static final int MAX_PIN_BYTES = 255;

  private static final Logger LOG = LoggerFactory.getLogger(SoftToken.class);
  /** A PIN record replaced by another process mid-check makes the check start over, this often. */
  private static final int MAX_ROUNDS = 3;

  private final SoftTokenProvider provider;
  private final TokenDirectory store;
  private final String label;

  SoftToken(SoftTokenProvider provider, TokenDirectory store, String label) {
    this.provider = provider;
    this.store = store;
    this.label = label;
  }

  SoftTokenProvider provider() {
    return provider;
  }

  @Override
  public TokenInfo info() throws UKeyException {
    provider.checkOpen();
    return info(store.read(label));
  }

  static TokenInfo info(TokenFile tf) {
    return new TokenInfo(tf.label, tf.serial, MANUFACTURER, MODEL, tf.pinStatus());
  }

  @Override
  public boolean isPresent() {
    return !provider.isClosed()
        && Files.isRegularFile(store.fileFor(label), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Session login(Pin userPin) throws UKeyException {
    provider.checkOpen();
    byte[] pin = pinBytes(userPin);
    try {
      Verified v = verify(Role.USER, pin, "login", (now, dataKey) -> {
        if (now.userFailures == 0) {
          return now;
        }
        TokenFile reset = now.withFailures(0, now.soFailures);
        store.write(label, reset);
        return reset;
      });
      try {
        if (v.file.mustChange) {
          throw new PinChangeRequiredException("the user PIN of soft token " + Labels.quote(label)
              + " must be changed before first use (seed 000 §11.1, seed 001 §23):"
              + " call Token.changePin");
        }
        SoftSession session = new SoftSession(this, store, v.file, v.dataKey);
        provider.sessionOpened(session);
        LOG.debug("logged in to soft token {}", Labels.quote(label));
        return session;
      } catch (UKeyException | RuntimeException e) {
        Arrays.fill(v.dataKey, (byte) 0);
        throw e;
      }
    } finally {
      Arrays.fill(pin, (byte) 0);
    }
  }

  @Override
  public void changePin(Pin oldPin, Pin newPin) throws UKeyException {
    provider.checkOpen();
    Objects.requireNonNull(oldPin, "oldPin");
    Objects.requireNonNull(newPin, "newPin");
    byte[] fresh = newPinBytes(newPin, "new user PIN");
    byte[] old = null;
    try {
      if (oldPin.matches(newPin)) {
        throw new UKeyException("the new user PIN must differ from the current one"
            + " (seed 000 §11.1: the initial PIN must not stay in use)");
      }
      old = pinBytes(oldPin);
      TokenFile before = store.read(label);
      requireNotLocked(before, Role.USER);
      try (PinSlot.Derived derived = PinSlot.deriveNew(before.user.cost(), fresh)) {
        Verified v = verify(Role.USER, old, "changing the user PIN", (now, dataKey) -> {
          PinSlot slot = PinSlot.seal(derived, Role.USER, now.serial, dataKey);
          return rewrite(now, dataKey, slot, false, 0, now.soFailures);
        });
        Arrays.fill(v.dataKey, (byte) 0);
      }
      LOG.info("user PIN of soft token {} changed", Labels.quote(label));
    } finally {
      Arrays.fill(fresh, (byte) 0);
      if (old != null) {
        Arrays.fill(old, (byte) 0);
      }
    }
  }

  @Override
  public void unlockPin(Pin soPin, Pin newUserPin) throws UKeyException {
    provider.checkOpen();
    Objects.requireNonNull(soPin, "soPin");
    Objects.requireNonNull(newUserPin, "newUserPin");
    byte[] fresh = newPinBytes(newUserPin, "new user PIN");
    byte[] so = null;
    try {
      if (soPin.matches(newUserPin)) {
        throw new UKeyException("the new user PIN must differ from the SO PIN");
      }
      so = pinBytes(soPin);
      TokenFile before = store.read(label);
      requireNotLocked(before, Role.SO);
      try (PinSlot.Derived derived = PinSlot.deriveNew(before.user.cost(), fresh)) {
        Verified v = verify(Role.SO, so, "unlocking the user PIN", (now, dataKey) -> {
          PinSlot slot = PinSlot.seal(derived, Role.USER, now.serial, dataKey);
          return rewrite(now, dataKey, slot, now.mustChangeAfterReset, 0, 0);
        });
        Arrays.fill(v.dataKey, (byte) 0);
      }
      LOG.info("user PIN of soft token {} reset by the SO", Labels.quote(label));
    } finally {
      Arrays.fill(fresh, (byte) 0);
      if (so != null) {
        Arrays.fill(so, (byte) 0);
      }
    }
  }

  /**
   * Deletes the token file after checking the SO PIN (counted like any other SO PIN check).
   *
   * @return the serial of the deleted token
   */
  String deleteWithSoPin(Pin soPin) throws UKeyException {
    byte[] so = pinBytes(soPin);
    try {
      Verified v = verify(Role.SO, so, "deleting the token", (now, dataKey) -> {
        store.delete(label);
        return now;
      });
      Arrays.fill(v.dataKey, (byte) 0);
      return v.file.serial;
    } finally {
      Arrays.fill(so, (byte) 0);
    }
  }

  /** The token with a new user PIN slot and flags, its key store sealed again. */
  private TokenFile rewrite(TokenFile now, byte[] dataKey, PinSlot user, boolean mustChange,
      int userFailures, int soFailures) throws UKeyException, java.io.IOException {
    List<StoredKey> keys = now.openStore(store.fileFor(label), dataKey);
    try {
      TokenFile next = now.changed(user, mustChange, userFailures, soFailures, keys, dataKey);
      store.write(label, next);
      return next;
    } finally {
      StoredKey.wipeAll(keys);
    }
  }

  // ---- the counted PIN check ----

  /** What to do, under the directory lock, once the PIN proved right. */
  @FunctionalInterface
  private interface OnSuccess {
    TokenFile apply(TokenFile now, byte[] dataKey) throws UKeyException, java.io.IOException;
  }

  /** A PIN check that succeeded: the file as left by {@link OnSuccess} and the data key. */
  private static final class Verified {
    final TokenFile file;
    final byte[] dataKey;

    Verified(TokenFile file, byte[] dataKey) {
      this.file = file;
      this.dataKey = dataKey;
    }
  }

  /** The outcome of one round, decided under the lock. */
  private static final class Round {
    TokenFile file;
    boolean right;
    boolean restart;
  }

  private Verified verify(Role role, byte[] pin, String what, OnSuccess onSuccess)
      throws UKeyException {
    if (pin.length < MIN_PIN_BYTES || pin.length > MAX_PIN_BYTES) {
      // No PIN of this length can be right; not worth an attempt (as PKCS#11 CKR_PIN_LEN_RANGE).
      TokenFile tf = store.read(label);
      requireNotLocked(tf, role);
      throw new PinIncorrectException(retriesLeft(tf, role), null);
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      // 1. Count the attempt and make the count durable before the PIN is looked at.
      TokenFile counted = store.locked(what, () -> {
        TokenFile tf = store.read(label);
        requireNotLocked(tf, role);
        TokenFile c = role == Role.USER
            ? tf.withFailures(tf.userFailures + 1, tf.soFailures)
            : tf.withFailures(tf.userFailures, tf.soFailures + 1);
        store.write(label, c);
        return c;
      });
      // 2. The slow part, without the lock.
      PinSlot tried = slotOf(counted, role);
      byte[] dataKey;
      try (PinSlot.Derived derived = tried.derive(pin)) {
        dataKey = tried.open(derived, role, counted.serial);
      }
      // 3. Settle under the lock against the file as it is now.
      Round r;
      try {
        r = store.locked(what, () -> {
          Round out = new Round();
          TokenFile now = store.read(label);
          if (!now.serial.equals(counted.serial)) {
            throw new TokenNotPresentException("soft token " + Labels.quote(label)
                + " was deleted and created again during the PIN check");
          }
          if (!slotOf(now, role).sameAs(tried)) {
            out.restart = true;  // the PIN was changed meanwhile; our count may have been reset
          } else if (dataKey != null) {
            out.right = true;
            out.file = onSuccess.apply(now, dataKey);
          } else {
            out.file = now;
          }
          return out;
        });
      } catch (UKeyException | RuntimeException e) {
        wipe(dataKey);
        throw e;
      }
      if (r.right) {
        return new Verified(r.file, dataKey);
      }
      wipe(dataKey);
      if (!r.restart) {
        int left = retriesLeft(r.file, role);
        if (left == 0) {
          LOG.warn("{} PIN of soft token {} is now locked after too many wrong PINs", role.label,
              Labels.quote(label));
        } else {
          LOG.info("wrong {} PIN for soft token {}, {} tries left", role.label,
              Labels.quote(label), left);
        }
        throw new PinIncorrectException(left, null);
      }
    }
    throw new UKeyException("the " + role.label + " PIN record of soft token "
        + Labels.quote(label) + " kept changing during the PIN check; try again");
  }

  private static void wipe(byte[] key) {
    if (key != null) {
      Arrays.fill(key, (byte) 0);
    }
  }

  private void requireNotLocked(TokenFile tf, Role role) throws PinLockedException {
    if (role == Role.USER && tf.userLocked()) {
      throw new PinLockedException("the user PIN of soft token " + Labels.quote(label)
          + " is locked after " + tf.maxUserRetries + " wrong PINs; the SO can unlock it"
          + " (Token.unlockPin)", null);
    }
    if (role == Role.SO && tf.soLocked()) {
      throw new PinLockedException("the SO PIN of soft token " + Labels.quote(label)
          + " is locked after " + tf.maxSoRetries + " wrong PINs", null);
    }
  }

  private static PinSlot slotOf(TokenFile tf, Role role) {
    return role == Role.USER ? tf.user : tf.so;
  }

  private static int retriesLeft(TokenFile tf, Role role) {
    return role == Role.USER ? Math.max(0, tf.maxUserRetries - tf.userFailures)
        : Math.max(0, tf.maxSoRetries - tf.soFailures);
  }

  static byte[] pinBytes(Pin pin) throws UKeyException {
    Objects.requireNonNull(pin, "pin");
    try {
      return pin.toUtf8();
    } catch (IllegalArgumentException e) {
      throw new UKeyException("the PIN is not valid Unicode (it holds an unpaired surrogate)", e);
    }
  }

  /** A new PIN's bytes, after checking the length the soft token accepts. */
  static byte[] newPinBytes(Pin pin, String which) throws UKeyException {
    byte[] b = pinBytes(pin);
    if (b.length < MIN_PIN_BYTES || b.length > MAX_PIN_BYTES) {
      int n = b.length;
      Arrays.fill(b, (byte) 0);
      throw new UKeyException("the " + which + " must be " + MIN_PIN_BYTES + " to "
          + MAX_PIN_BYTES + " bytes in UTF-8, was " + n);
    }
    return b;
  }

  @Override
  public String toString() {
    return "SoftToken[" + label + " in " + store.path() + "]";
  }
}
