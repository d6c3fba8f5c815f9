package org.ukey.pkcs11.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.TokenRemovedException;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.cryptoki.CK;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CKU;
import org.ukey.pkcs11.cryptoki.CK_MECHANISM_INFO;
import org.ukey.pkcs11.cryptoki.CK_SLOT_INFO;
import org.ukey.pkcs11.cryptoki.CK_TOKEN_INFO;
import org.ukey.pkcs11.cryptoki.CkFunctions;

/**
 * Everything the SDK knows about one token during one stay in its slot: identity (slot and
 * serial number), the session pool, and the login state. Shared by every provider on the same
 * module, since login state is shared by the whole process.
 *
 * <p>PKCS#11 login is per token and per application, not per session (PKCS#11 v2.40 §5.6; a
 * {@code C_Logout} logs out every session): so the login is counted here, shared by every
 * {@link SessionImpl} of the token, made once, and undone only when the last one closes.
 * {@code CKR_USER_ALREADY_LOGGED_IN} is success. A wrong PIN is never retried.
 *
 * <p>Once the token is found gone ({@code CKR_DEVICE_REMOVED} or {@code CKR_TOKEN_NOT_PRESENT}
 * from any call including {@code C_OpenSession}, another error code confirmed by
 * {@code C_GetSlotInfo} and the serial number, or a watch event) the state is dead: its idle
 * sessions are closed, a session the module reported gone is forgotten without a call (its
 * handle may already name another session), and every later use throws
 * {@link TokenRemovedException}. A re-inserted token gets a new state, and a new login.
 *
 * <p><b>Thread-safety:</b> thread-safe; logins are serialized on one lock.
 */
final class TokenState {
  private static final Logger LOG = LoggerFactory.getLogger(TokenState.class);

  final ModuleCalls calls;
  final long slotId;
  final String serial;
  final String name;
  final SessionPool pool;

  private static final long PRESENCE_INTERVAL_NANOS = 100_000_000L;

  private final Object loginLock = new Object();
  private volatile long lastPresenceCheck = System.nanoTime();
  private volatile String removedReason;
  private int logins;
  private Pin livePin;
  /** The session the login was made on, kept open while logged in; null when logged out. */
  private SessionRef anchor;
  /** False when the user was already logged in by another component: never log it out. */
  private boolean loginOwned;
  private boolean pinRejected;
  private volatile Set<Long> mechanisms;
  private final Map<Long, CK_MECHANISM_INFO> mechanismInfo = new ConcurrentHashMap<>();

  TokenState(ModuleCalls calls, long slotId, CK_TOKEN_INFO info, Pkcs11Options options) {
    this.calls = calls;
    this.slotId = slotId;
    this.serial = info.serialNumber();
    this.name = "token '" + info.label() + "' (serial " + info.serialNumber() + ", slot "
        + slotId + ")";
    long max = info.ulMaxSessionCount();
    // One session of the token's limit is kept for the login anchor.
    int capacity = max == CK.CK_EFFECTIVELY_INFINITE || CK.isUnavailable(max)
        ? options.maxSessions() : (int) Math.min(max - 1, options.maxSessions());
    this.pool = new SessionPool(calls, slotId, Math.max(1, capacity), options.sessionTimeout(),
        name);
  }

  CkFunctions functions() {
    return calls.functions();
  }

  boolean isRemoved() {
    return removedReason != null;
  }

  void checkUsable() throws TokenRemovedException {
    String reason = removedReason;
    if (reason != null) {
      throw new TokenRemovedException(name + " is gone: " + reason, null);
    }
  }

  /**
   * Marks the token gone, closes its idle sessions and the login session (the module has
   * dropped them with the token and answers {@code CKR_DEVICE_REMOVED} or
   * {@code CKR_SESSION_HANDLE_INVALID}, which lets a module that keeps a record until then free
   * it; a handle the SDK has since been given for another session is never closed, see
   * {@link ModuleCalls#closeSession}), and forgets the PIN. Borrowed sessions are closed when
   * they come back, never under a running call. Idempotent.
   */
  void markRemoved(String reason) {
    synchronized (loginLock) {
      if (removedReason == null) {
        removedReason = reason;
        LOG.info("{} is gone: {}", name, reason);
      }
      if (anchor != null) {
        calls.closeSession(anchor);
        anchor = null;
      }
      pool.invalidate();
      forgetPin();
    }
  }

  /**
   * At most every {@value #PRESENCE_INTERVAL_NANOS} ns, asks the slot whether the token is
   * still in it ({@code C_GetSlotInfo}, cheap on every reader), as SunPKCS11's {@code Token}
   * does every 50 ms; between checks a removal shows as an error code of the next call.
   */
  private void checkPresence() throws TokenRemovedException {
    long now = System.nanoTime();
    if (now - lastPresenceCheck < PRESENCE_INTERVAL_NANOS) {
      return;
    }
    lastPresenceCheck = now;
    try {
      if (!calls.tokenPresent(slotId)) {
        markRemoved("removed from its slot");
      }
    } catch (UKeyException e) {
      confirmRemoved();
    }
    checkUsable();
  }

  /**
   * After a session-level failure, asks the module whether the token is still there (slot
   * flags, then the serial number), and marks the state removed if not.
   *
   * @return true when the token is gone
   */
  boolean confirmRemoved() {
    if (removedReason != null) {
      return true;
    }
    try {
      CK_SLOT_INFO slot = calls.getSlotInfo(slotId);
      if (!slot.tokenPresent()) {
        markRemoved("removed from its slot");
        return true;
      }
      CK_TOKEN_INFO info = calls.getTokenInfo(slotId);
      if (!info.serialNumber().equals(serial)) {
        markRemoved("another token (serial " + info.serialNumber() + ") is in the slot");
        return true;
      }
      return false;
    } catch (UKeyException e) {
      if (e instanceof Pkcs11Exception p && p.code() == CKR.CKR_CRYPTOKI_NOT_INITIALIZED) {
        markRemoved("the PKCS#11 module was finalized by another component of this process");
      } else if (e instanceof Pkcs11Exception p && (p.code() == CKR.CKR_TOKEN_NOT_PRESENT
          || p.code() == CKR.CKR_DEVICE_REMOVED)) {
        markRemoved("removed from its slot");
      } else {
        markRemoved("its slot no longer answers (" + e.getMessage() + ")");
      }
      return true;
    }
  }

  private TokenRemovedException removed(Throwable cause) {
    return new TokenRemovedException(name + " is gone: " + removedReason, cause);
  }

  /** Whether a code says the token left its slot, whatever the slot says now. */
  private static boolean saysRemoved(long code) {
    return code == CKR.CKR_DEVICE_REMOVED || code == CKR.CKR_TOKEN_NOT_PRESENT;
  }

  /**
   * The API exception for a failed call that does not need a session of its own
   * ({@code C_OpenSession}, {@code C_GetTokenInfo}): a removal when the token is gone, else
   * {@link Failures#general}.
   */
  UKeyException tokenFailure(Pkcs11Exception e) {
    long code = e.code();
    if (saysRemoved(code)) {
      markRemoved("removed from its slot");
      return removed(e);
    }
    if ((Failures.maybeRemoved(code) || code == CKR.CKR_SLOT_ID_INVALID) && confirmRemoved()) {
      return removed(e);
    }
    return Failures.general(e, name);
  }

  /**
   * Opens a session outside the pool (login anchor, PIN and SO functions).
   *
   * @throws TokenRemovedException if the token is gone
   */
  SessionRef openSession() throws UKeyException {
    checkUsable();
    try {
      return calls.openSession(slotId);
    } catch (Pkcs11Exception e) {
      throw tokenFailure(e);
    }
  }

  /** Closes a session of {@link #openSession()}. */
  void closeSession(SessionRef s) {
    calls.closeSession(s);
  }

  /** The token's info now, a removal mapped to {@link TokenRemovedException}. */
  CK_TOKEN_INFO tokenInfo() throws UKeyException {
    checkUsable();
    try {
      return calls.getTokenInfo(slotId);
    } catch (Pkcs11Exception e) {
      throw tokenFailure(e);
    }
  }

  /** An operation on a borrowed session. */
  @FunctionalInterface
  interface SessionOp<T> {
    T run(NativeSession session) throws UKeyException;
  }

  /** An operation on a borrowed session with one argument (lets the hot path avoid lambdas). */
  @FunctionalInterface
  interface SessionFn<A, T> {
    T run(NativeSession session, A argument) throws UKeyException;
  }

  <T> T withSession(SessionOp<T> op) throws UKeyException {
    return withSession((ns, ignored) -> op.run(ns), null, true);
  }

  /**
   * Runs an operation on a pooled session, returned in {@code finally}. A session lost while the
   * token is still there (closed underneath, logged out by another component) is replaced and,
   * when {@code retryable}, the operation retried once after logging in again with the PIN the
   * login was made with.
   */
  <A, T> T withSession(SessionFn<A, T> op, A argument, boolean retryable)
      throws UKeyException {
    checkPresence();
    for (int attempt = 0; ; attempt++) {
      checkUsable();
      NativeSession ns;
      try {
        ns = pool.borrow();
      } catch (Pkcs11Exception e) {
        // C_OpenSession on a pulled token: CKR_TOKEN_NOT_PRESENT, CKR_DEVICE_REMOVED.
        throw tokenFailure(e);
      }
      try {
        return op.run(ns, argument);
      } catch (Pkcs11Exception e) {
        long code = e.code();
        boolean again = retryable && attempt == 0;
        if (Failures.sessionGone(code)) {
          ns.dead = true;
        }
        if (saysRemoved(code)) {
          ns.broken = true;
          markRemoved("removed from its slot");
          throw removed(e);
        }
        if (Failures.maybeRemoved(code)) {
          ns.broken = ns.broken || Failures.sessionLost(code);
          if (confirmRemoved()) {
            throw removed(e);
          }
        }
        if (Failures.sessionLost(code)) {
          pool.invalidate();
          if (again && relogin()) {
            continue;
          }
        } else if (code == CKR.CKR_USER_NOT_LOGGED_IN && again && relogin()) {
          continue;
        }
        if (logins() == 0) {
          // Every Session was closed (logged out) while this operation ran on one of them;
          // the module answers whatever it answers then (SoftHSM: CKR_USER_NOT_LOGGED_IN, or
          // CKR_GENERAL_ERROR when its key cache went in the middle of C_SignInit).
          IllegalStateException closed = new IllegalStateException("the session on " + name
              + " was closed while an operation was running on it");
          closed.initCause(e);
          throw closed;
        }
        throw Failures.general(e, name);
      } catch (RuntimeException e) {
        // Thrown between calls of an operation: it may still be active on the session.
        ns.broken = true;
        throw e;
      } finally {
        pool.release(ns);
      }
    }
  }

  /**
   * Runs a PIN or administration function on a session of its own (a pooled one when the user
   * is logged in, so the token's session limit is respected).
   */
  <T> T withAnySession(SessionOp<T> op) throws UKeyException {
    checkUsable();
    synchronized (loginLock) {
      if (logins > 0) {
        return withSession(op);
      }
    }
    SessionRef handle = openSession();
    NativeSession ns = new NativeSession(handle, -1);
    try {
      return op.run(ns);
    } catch (Pkcs11Exception e) {
      if (saysRemoved(e.code())) {
        markRemoved("removed from its slot");
        throw removed(e);
      }
      throw e;
    } finally {
      closeSession(handle);
    }
  }

  /**
   * Logs the user in for one more {@link SessionImpl}.
   *
   * <p>The login is made on an anchor session of its own that stays open until the last
   * logout: closing a token's last session logs the application out (PKCS#11 v2.40 §5.6,
   * {@code C_CloseSession}) and SoftHSM also drops every object handle then, so the pool must
   * be free to close its sessions without losing either.
   */
  void login(Pin pin) throws UKeyException {
    checkUsable();
    synchronized (loginLock) {
      if (logins > 0) {
        // C_Login would answer CKR_USER_ALREADY_LOGGED_IN without checking this PIN.
        if (!livePin.matches(pin)) {
          throw new PinIncorrectException(-1, new UKeyException(name + " is logged in with"
              + " another PIN; the token cannot check a second one"));
        }
        logins++;
        return;
      }
      CK_TOKEN_INFO before = tokenInfo();
      boolean pinPad = pin.length() == 0 && before.has(CKF.CKF_PROTECTED_AUTHENTICATION_PATH);
      SessionRef session = openSession();
      byte[] utf8 = pinPad ? null : pin.toUtf8();
      boolean owned = true;
      try {
        calls.login(session.handle(), CKU.CKU_USER, utf8);
      } catch (Pkcs11Exception e) {
        if (e.code() != CKR.CKR_USER_ALREADY_LOGGED_IN) {
          UKeyException failure = pinFailure(e, false);
          closeSession(session);
          throw failure;
        }
        // Another component of the process logged the user in; its login is not ours to end.
        owned = false;
      } finally {
        if (utf8 != null) {
          Arrays.fill(utf8, (byte) 0);
        }
      }
      anchor = session;
      loginOwned = owned;
      CK_TOKEN_INFO after;
      try {
        after = tokenInfo();
      } catch (UKeyException e) {
        logoutNow();
        throw e;
      }
      if (after.has(CKF.CKF_USER_PIN_TO_BE_CHANGED)) {
        logoutNow();
        throw new PinChangeRequiredException("the user PIN of " + name
            + " must be changed before use");
      }
      char[] chars = pin.toCharArray();
      livePin = Pin.ofAndWipe(chars);
      pinRejected = false;
      logins = 1;
    }
  }

  /** Undoes one {@link #login}; the last one logs out and closes the sessions. */
  void logout() {
    synchronized (loginLock) {
      if (logins == 0) {
        return;
      }
      if (--logins == 0) {
        logoutNow();
        forgetPin();
      }
    }
  }

  int logins() {
    synchronized (loginLock) {
      return logins;
    }
  }

  /** Logs out on the anchor session, closes it and every pooled session. */
  private void logoutNow() {
    SessionRef session = anchor;
    anchor = null;
    if (session != null) {
      if (removedReason == null && loginOwned) {
        try {
          calls.logout(session.handle());
        } catch (Pkcs11Exception e) {
          if (e.code() != CKR.CKR_USER_NOT_LOGGED_IN) {
            LOG.debug("C_Logout on {} failed: {}", name, e.getMessage());
          }
        }
      }
      closeSession(session);
    }
    pool.invalidate();
  }

  /**
   * Logs in again with the PIN of the live login after the module lost the login state. Never
   * with a PIN the token has refused once.
   */
  private boolean relogin() throws UKeyException {
    synchronized (loginLock) {
      if (logins == 0 || livePin == null || pinRejected) {
        return false;
      }
      // An empty PIN was a login on the token's PIN pad, done again with NULL.
      byte[] utf8 = livePin.length() == 0 ? null : livePin.toUtf8();
      SessionRef fresh = null;
      try {
        // The new anchor opens before the old one closes, so the token never has no session.
        fresh = openSession();
        try {
          calls.login(fresh.handle(), CKU.CKU_USER, utf8);
        } catch (Pkcs11Exception e) {
          if (e.code() != CKR.CKR_USER_ALREADY_LOGGED_IN) {
            throw e;
          }
        }
        SessionRef old = anchor;
        anchor = fresh;
        fresh = null;
        if (old != null) {
          // The module lost the login, most often with the session: closing a handle it has
          // given to another session is prevented by the opening it is checked against.
          closeSession(old);
        }
        LOG.info("logged in to {} again after the module lost the login", name);
        return true;
      } catch (Pkcs11Exception e) {
        if (e.code() == CKR.CKR_PIN_INCORRECT || e.code() == CKR.CKR_PIN_LOCKED
            || e.code() == CKR.CKR_PIN_EXPIRED) {
          pinRejected = true;
          throw pinFailure(e, false);
        }
        if (saysRemoved(e.code())) {
          markRemoved("removed from its slot");
          throw removed(e);
        }
        return false;
      } finally {
        if (fresh != null) {
          closeSession(fresh);
        }
        if (utf8 != null) {
          Arrays.fill(utf8, (byte) 0);
        }
      }
    }
  }

  /** The API exception for a failed PIN function, with the flags read after the failure. */
  UKeyException pinFailure(Pkcs11Exception e, boolean so) {
    if (saysRemoved(e.code())) {
      markRemoved("removed from its slot");
      return removed(e);
    }
    if (Failures.sessionLost(e.code()) && confirmRemoved()) {
      return removed(e);
    }
    long flags = -1;
    try {
      flags = calls.getTokenInfo(slotId).flags();
    } catch (UKeyException ignored) {
      // The flags only refine the message; the failure itself is reported.
    }
    return Failures.pin(e, flags, so, name);
  }

  private void forgetPin() {
    if (livePin != null) {
      livePin.close();
      livePin = null;
    }
  }

  /** The token's mechanisms, read once. */
  Set<Long> mechanisms() throws UKeyException {
    Set<Long> m = mechanisms;
    if (m == null) {
      checkUsable();
      long[] list = calls.getMechanismList(slotId);
      Set<Long> s = new HashSet<>();
      for (long v : list) {
        s.add(v);
      }
      m = Set.copyOf(s);
      mechanisms = m;
    }
    return m;
  }

  /**
   * Whether the token lists a mechanism with a function flag ({@code CKF_SIGN},
   * {@code CKF_DECRYPT}, {@code CKF_GENERATE_KEY_PAIR}).
   */
  boolean supports(long mechanism, long flag) throws UKeyException {
    if (!mechanisms().contains(mechanism)) {
      return false;
    }
    CK_MECHANISM_INFO info = mechanismInfo.get(mechanism);
    if (info == null) {
      info = calls.getMechanismInfo(slotId, mechanism);
      mechanismInfo.put(mechanism, info);
    }
    return info.has(flag);
  }

  /**
   * Closes everything at provider close, then waits for operations still running on borrowed
   * sessions (never under the login lock, which they may need to log in again).
   *
   * @param wait the longest wait for borrowed sessions
   * @return true when no operation is still running on the token
   */
  boolean close(java.time.Duration wait) {
    pool.close();
    boolean quiet = pool.awaitReturned(wait);
    synchronized (loginLock) {
      if (logins > 0) {
        logoutNow();
      }
      logins = 0;
      forgetPin();
    }
    return quiet;
  }

}
