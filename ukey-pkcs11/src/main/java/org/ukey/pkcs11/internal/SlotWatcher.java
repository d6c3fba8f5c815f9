package org.ukey.pkcs11.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.TokenEvent;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenListener;
import org.ukey.api.TokenWatch;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.cryptoki.CKF;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CK_SLOT_INFO;
import org.ukey.pkcs11.cryptoki.CK_TOKEN_INFO;

/**
 * Delivers token insert and remove events of one provider from a daemon thread.
 *
 * <p>Every interval it drains {@code C_WaitForSlotEvent(CKF_DONT_BLOCK)} and looks at each slot
 * reported, and every few intervals compares the slot list too (see {@link #SCAN_EVERY}); a
 * module without slot events ({@code CKR_FUNCTION_NOT_SUPPORTED}: SoftHSM, p11-kit
 * before p11-glue/p11-kit#225, many vendors) is watched by comparing {@code C_GetSlotList(TRUE)}
 * and the tokens' serial numbers between polls, as SunPKCS11's {@code TokenPoller} does. The
 * blocking form is never used: it needs {@code C_Finalize} to return, which some modules get
 * wrong (smartcardservices/smartcardservices#113). A removal marks the token's state gone, so
 * its sessions fail fast with {@link org.ukey.api.TokenRemovedException}.
 *
 * <p>Only initialized tokens produce events, as only they are listed by
 * {@link ProviderImpl#tokens()}.
 *
 * <p><b>Thread-safety:</b> {@link #add} and {@link #stop} may be called from any thread; the
 * slot snapshot is touched by the watcher thread only after start.
 */
final class SlotWatcher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SlotWatcher.class);
  private static final int MAX_EVENTS_PER_POLL = 64;
  /**
   * With slot events, the slot list is still compared every this many polls: some modules
   * accept {@code CKF_DONT_BLOCK} and never report anything (SoftHSM 2.6 always answers
   * {@code CKR_NO_EVENT}), others lose events (OpenSC/OpenSC#2415).
   */
  private static final int SCAN_EVERY = 4;

  private final ProviderImpl provider;
  private final Duration interval;
  private final List<TokenListener> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;
  private Map<Long, Seen> seen = new HashMap<>();
  private boolean slotEvents = true;
  private long polls;

  /** What was in a slot at the last look. */
  private record Seen(String serial, TokenInfo info, String slotName) {}

  SlotWatcher(ProviderImpl provider, Duration interval) throws UKeyException {
    this.provider = provider;
    this.interval = interval;
    this.seen = scan();
    this.thread = new Thread(this, "ukey-pkcs11-watch");
    thread.setDaemon(true);
  }

  TokenWatch add(TokenListener listener) {
    listeners.add(listener);
    if (thread.getState() == Thread.State.NEW) {
      thread.start();
    }
    return () -> {
      listeners.remove(listener);
      if (listeners.isEmpty()) {
        stop();
      }
    };
  }

  boolean isStopped() {
    return stopped;
  }

  void stop() {
    stopped = true;
    thread.interrupt();
  }

  /**
   * Stops and waits for the thread to leave the module (unless called from a listener, on the
   * thread itself), so that the module can be finalized with no call of the watcher in flight.
   */
  void stopAndJoin(java.time.Duration wait) {
    stop();
    if (Thread.currentThread() != thread && thread.getState() != Thread.State.NEW) {
      try {
        thread.join(Math.max(1, wait.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void run() {
    while (!stopped) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
        continue;
      }
      try {
        poll();
      } catch (UKeyException | RuntimeException e) {
        LOG.debug("watching {} failed once: {}", provider.description(), e.toString());
      }
    }
  }

  private void poll() throws UKeyException {
    polls++;
    if (slotEvents) {
      ModuleCalls calls = provider.calls();
      for (int i = 0; i < MAX_EVENTS_PER_POLL && !stopped; i++) {
        OptionalLong slot;
        try {
          slot = calls.pollSlotEvent();
        } catch (Pkcs11Exception e) {
          if (e.code() == CKR.CKR_FUNCTION_NOT_SUPPORTED) {
            LOG.debug("{} has no slot events; watching by slot list", provider.description());
            slotEvents = false;
            break;
          }
          throw e;
        }
        if (slot.isEmpty()) {
          break;
        }
        Map<Long, Seen> now = new HashMap<>(seen);
        Optional<Seen> current = look(slot.getAsLong());
        now.remove(slot.getAsLong());
        current.ifPresent(s -> now.put(slot.getAsLong(), s));
        compare(seen, now);
        seen = now;
      }
      if (slotEvents && polls % SCAN_EVERY != 0) {
        return;
      }
    }
    Map<Long, Seen> now = scan();
    compare(seen, now);
    seen = now;
  }

  private Map<Long, Seen> scan() throws UKeyException {
    Map<Long, Seen> out = new HashMap<>();
    for (long slot : provider.calls().getSlotList(true)) {
      look(slot).ifPresent(s -> out.put(slot, s));
    }
    return out;
  }

  private Optional<Seen> look(long slot) throws UKeyException {
    ModuleCalls calls = provider.calls();
    try {
      CK_SLOT_INFO si = calls.getSlotInfo(slot);
      if (!si.tokenPresent()) {
        return Optional.empty();
      }
      CK_TOKEN_INFO ti = calls.getTokenInfo(slot);
      if (!ti.has(CKF.CKF_TOKEN_INITIALIZED)) {
        return Optional.empty();
      }
      TokenInfo info = new TokenInfo(ti.label(), ti.serialNumber(), ti.manufacturerID(),
          ti.model(), PinFlags.status(ti.flags()));
      return Optional.of(new Seen(ti.serialNumber(), info,
          "slot " + slot + " (" + si.slotDescription() + ")"));
    } catch (Pkcs11Exception e) {
      if (e.code() == CKR.CKR_TOKEN_NOT_PRESENT || e.code() == CKR.CKR_SLOT_ID_INVALID
          || e.code() == CKR.CKR_DEVICE_REMOVED || e.code() == CKR.CKR_TOKEN_NOT_RECOGNIZED
          || e.code() == CKR.CKR_GENERAL_ERROR || e.code() == CKR.CKR_DEVICE_ERROR) {
        // A token that no longer answers is as good as gone (SoftHSM answers
        // CKR_GENERAL_ERROR for a token whose files were removed).
        return Optional.empty();
      }
      throw e;
    }
  }

  private void compare(Map<Long, Seen> before, Map<Long, Seen> after) {
    for (Map.Entry<Long, Seen> e : before.entrySet()) {
      Seen now = after.get(e.getKey());
      if (now == null || !now.serial().equals(e.getValue().serial())) {
        TokenState state = provider.states().get(e.getKey());
        if (state != null && state.serial.equals(e.getValue().serial())) {
          state.markRemoved("removed from its slot");
        }
        deliver(new TokenEvent(TokenEvent.Kind.REMOVED, e.getValue().slotName(),
            Optional.of(e.getValue().info()), Instant.now()));
      }
    }
    for (Map.Entry<Long, Seen> e : after.entrySet()) {
      Seen then = before.get(e.getKey());
      if (then == null || !then.serial().equals(e.getValue().serial())) {
        deliver(new TokenEvent(TokenEvent.Kind.INSERTED, e.getValue().slotName(),
            Optional.of(e.getValue().info()), Instant.now()));
      }
    }
  }

  private void deliver(TokenEvent event) {
    for (TokenListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("token listener {} failed on {}", l, event.kind(), e);
      }
    }
  }
}
