package org.ukey.pkcs11.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
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
 * return (a removed token, a logout). Every open handle is tracked, so {@link #openCount()}
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
  private final ConcurrentLinkedDeque<NativeSession> idle = new ConcurrentLinkedDeque<>();
  private final Set<Long> open = ConcurrentHashMap.newKeySet();
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
    return Set.copyOf(open);
  }

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
      while ((s = idle.pollFirst()) != null) {
        if (s.generation == current) {
          return s;
        }
        close(s);
      }
      long handle = calls.openSession(slot);
      open.add(handle);
      return new NativeSession(handle, current);
    } catch (UKeyException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  void release(NativeSession s) {
    try {
      if (s.broken || closed || s.generation != generation) {
        close(s);
      } else {
        idle.offerFirst(s);
      }
    } finally {
      permits.release();
    }
  }

  /** Closes idle sessions now and borrowed ones when they come back. */
  void invalidate() {
    generation++;
    NativeSession s;
    while ((s = idle.pollFirst()) != null) {
      close(s);
    }
  }

  void close() {
    closed = true;
    invalidate();
  }

  boolean isClosed() {
    return closed;
  }

  private void close(NativeSession s) {
    long rv = calls.closeSession(s.handle);
    open.remove(s.handle);
    if (rv != CKR.CKR_OK && rv != CKR.CKR_SESSION_HANDLE_INVALID
        && rv != CKR.CKR_SESSION_CLOSED && rv != CKR.CKR_CRYPTOKI_NOT_INITIALIZED
        && rv != CKR.CKR_DEVICE_REMOVED && rv != CKR.CKR_TOKEN_NOT_PRESENT) {
      LOG.warn("C_CloseSession on {} returned {}", tokenName, calls.codeName(rv));
    }
  }
}
