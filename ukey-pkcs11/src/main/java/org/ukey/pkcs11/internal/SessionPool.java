package org.ukey.pkcs11.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.cryptoki.CKR;

/**
 * A bounded pool of native sessions on one token (xipki {@code PKCS11Token}, SunPKCS11
 * {@code SessionManager}): at most {@code capacity} sessions exist; {@link #borrow()} takes an
 * idle one or opens one, waiting up to the timeout when all are in use; {@link #release} returns
 * it (callers do so in {@code finally}). Idle sessions are reused most-recent-first.
 *
 * <p>{@link #invalidate()} closes the idle sessions and marks the borrowed ones to be closed on
 * return (a logout, sessions lost, a removed token). A session the module reported gone
 * ({@link NativeSession#dead}) is forgotten without {@code C_CloseSession}: its handle may
 * already name another session. A session is never closed while borrowed, and
 * {@link #close()} waits (up to the timeout) for borrowed sessions to come back, so the module
 * can be finalized with no call in flight. Every session is tracked, so {@link #openCount()}
 * is exact.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
final class SessionPool {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

  private final ModuleCalls calls;
  private final long slot;
  private final int capacity;
  private final Duration timeout;
  private final String tokenName;
  private final Semaphore permits;
  /**
   * Idle sessions, the most recently returned first; guarded by itself. An ArrayDeque under a
   * lock held for one push or pop, rather than a concurrent deque: the signing path borrows and
   * returns a session per signature, and a ConcurrentLinkedDeque allocates a node per return.
   */
  private final ArrayDeque<NativeSession> idle = new ArrayDeque<>();
  private final Set<NativeSession> open = ConcurrentHashMap.newKeySet();
  private volatile int generation;
  private volatile boolean closed;

  SessionPool(ModuleCalls calls, long slot, int capacity, Duration timeout, String tokenName) {
    this.calls = calls;
    this.slot = slot;
    this.capacity = capacity;
    this.timeout = timeout;
    this.tokenName = tokenName;
    this.permits = new Semaphore(capacity);
  }

  int capacity() {
    return capacity;
  }

  /** The native sessions open now, borrowed or idle. */
  int openCount() {
    return open.size();
  }

  /** The handles open now (for leak checks). */
  Set<Long> openHandles() {
    Set<Long> handles = new java.util.HashSet<>();
    for (NativeSession s : open) {
      handles.add(s.handle);
    }
    return handles;
  }

  /**
   * Takes an idle session or opens one.
   *
   * @throws org.ukey.pkcs11.Pkcs11Exception when {@code C_OpenSession} fails (the caller maps it)
   * @throws UKeyException when no session is free within the timeout
   */
  NativeSession borrow() throws UKeyException {
    if (closed) {
      throw new IllegalStateException("session pool of " + tokenName + " is closed");
    }
    boolean acquired = permits.tryAcquire();
    if (!acquired) {
      try {
        acquired = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UKeyException("interrupted while waiting for a session on " + tokenName, e);
      }
      if (!acquired) {
        throw new UKeyException("no free PKCS#11 session on " + tokenName + " within "
            + timeout.toMillis() + " ms (" + capacity + " in use)");
      }
    }
    try {
      int current = generation;
      NativeSession s;
      while ((s = pollIdle()) != null) {
        if (s.generation == current) {
          return s;
        }
        close(s);
      }
      NativeSession fresh = new NativeSession(calls.openSession(slot), current);
      open.add(fresh);
      return fresh;
    } catch (UKeyException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  void release(NativeSession s) {
    try {
      if (s.broken || s.dead || closed || s.generation != generation) {
        close(s);
      } else {
        synchronized (idle) {
          idle.addFirst(s);
        }
      }
    } finally {
      permits.release();
    }
  }

  /** Closes idle sessions now and borrowed ones when they come back. */
  void invalidate() {
    generation++;
    NativeSession s;
    while ((s = pollIdle()) != null) {
      close(s);
    }
  }

  private NativeSession pollIdle() {
    synchronized (idle) {
      return idle.pollFirst();
    }
  }

  /** Closes the idle sessions; borrowed ones are closed when they come back. */
  void close() {
    closed = true;
    invalidate();
  }

  /**
   * Waits until no session is borrowed (after {@link #close()}).
   *
   * @param wait the longest wait
   * @return true when none is borrowed
   */
  boolean awaitReturned(Duration wait) {
    try {
      if (!permits.tryAcquire(capacity, wait.toNanos(), TimeUnit.NANOSECONDS)) {
        return false;
      }
      permits.release(capacity);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  boolean isClosed() {
    return closed;
  }

  private void close(NativeSession s) {
    open.remove(s);
    if (s.dead) {
      calls.forgetSession(s.ref);
      return;
    }
    long rv = calls.closeSession(s.ref);
    if (rv != CKR.CKR_OK && rv != CKR.CKR_SESSION_HANDLE_INVALID
        && rv != CKR.CKR_SESSION_CLOSED && rv != CKR.CKR_CRYPTOKI_NOT_INITIALIZED
        && rv != CKR.CKR_DEVICE_REMOVED && rv != CKR.CKR_TOKEN_NOT_PRESENT) {
      LOG.warn("C_CloseSession on {} returned {}", tokenName, calls.codeName(rv));
    }
  }
}
