package org.ukey.sm2.soft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ukey.api.TokenEvent;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenListener;
import org.ukey.api.TokenWatch;
import org.ukey.api.UKeyException;

/**
 * Watches a soft token directory for tokens appearing and disappearing, whoever creates or
 * deletes them, by polling: a directory listing every {@link #PERIOD_MILLIS} ms and a read of
 * the files whose attributes changed. Polling works the same on local disks and network shares,
 * where file-system notifications are unreliable.
 *
 * <p>A token deleted and created again under the same label between two polls is seen as a new
 * serial and reported as REMOVED then INSERTED. The slot of every event is the token label.
 *
 * <p>One daemon thread serves every registration; it starts with the first and ends when the
 * last is closed or the provider closes. Each registration compares against its own snapshot,
 * taken when it registered, so it sees exactly the changes after {@code watch} returned.
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
final class TokenWatcher {
  static final long PERIOD_MILLIS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(TokenWatcher.class);

  private final TokenDirectory store;
  private final List<Registration> registrations = new CopyOnWriteArrayList<>();
  /** Serializes scans and deliveries; also the monitor the thread sleeps on. */
  private final Object scanLock = new Object();
  // Guarded by scanLock.
  private Map<String, Seen> lastScan = Map.of();
  private Thread thread;
  private boolean closed;

  TokenWatcher(TokenDirectory store) {
    this.store = store;
  }

  /** What one poll saw of one token file. */
  private static final class Seen {
    final Object stamp;
    final String serial;
    final Optional<TokenInfo> info;

    Seen(Object stamp, String serial, Optional<TokenInfo> info) {
      this.stamp = stamp;
      this.serial = serial;
      this.info = info;
    }
  }

  private final class Registration implements TokenWatch {
    final TokenListener listener;
    Map<String, Seen> snapshot;

    Registration(TokenListener listener, Map<String, Seen> snapshot) {
      this.listener = listener;
      this.snapshot = snapshot;
    }

    @Override
    public void close() {
      remove(this);
    }
  }

  TokenWatch add(TokenListener listener) throws UKeyException {
    Objects.requireNonNull(listener, "listener");
    synchronized (scanLock) {
      if (closed) {
        throw new IllegalStateException("the soft token provider is closed");
      }
      Registration reg = new Registration(listener, scan());
      registrations.add(reg);
      if (thread == null) {
        thread = new Thread(this::run, "ukey-soft-token-watch " + store.path().getFileName());
        thread.setDaemon(true);
        thread.start();
      }
      return reg;
    }
  }

  private void remove(Registration reg) {
    synchronized (scanLock) {
      registrations.remove(reg);
      scanLock.notifyAll();
    }
  }

  void close() {
    Thread t;
    synchronized (scanLock) {
      closed = true;
      registrations.clear();
      scanLock.notifyAll();
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(PERIOD_MILLIS * 4);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    synchronized (scanLock) {
      try {
        while (true) {
          if (registrations.isEmpty()) {
            return;
          }
          scanLock.wait(PERIOD_MILLIS);
          if (registrations.isEmpty()) {
            return;
          }
          Map<String, Seen> now;
          try {
            now = scan();
          } catch (UKeyException e) {
            LOG.warn("cannot poll the soft token store {}: {}", store.path(), e.getMessage());
            continue;
          }
          for (Registration reg : registrations) {
            deliver(reg, now);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        thread = null;
      }
    }
  }

  private void deliver(Registration reg, Map<String, Seen> now) {
    Map<String, Seen> before = reg.snapshot;
    reg.snapshot = now;
    Instant at = Instant.now();
    for (Map.Entry<String, Seen> e : before.entrySet()) {
      Seen after = now.get(e.getKey());
      if (after == null || replaced(e.getValue(), after)) {
        notify(reg, new TokenEvent(TokenEvent.Kind.REMOVED, e.getKey(), e.getValue().info, at));
      }
    }
    for (Map.Entry<String, Seen> e : now.entrySet()) {
      Seen earlier = before.get(e.getKey());
      if (earlier == null || replaced(earlier, e.getValue())) {
        notify(reg, new TokenEvent(TokenEvent.Kind.INSERTED, e.getKey(), e.getValue().info, at));
      }
    }
  }

  private static boolean replaced(Seen before, Seen after) {
    return before.serial != null && after.serial != null && !before.serial.equals(after.serial);
  }

  private void notify(Registration reg, TokenEvent event) {
    if (!registrations.contains(reg)) {
      return;
    }
    try {
      reg.listener.onEvent(event);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      // The listener's failure must not stop the events of the others (TokenListener contract).
      LOG.warn("token listener {} failed on {} {}", reg.listener, event.kind(), event.slot(), t);
    }
  }

  /** One look at the directory, re-reading only the files whose attributes changed. */
  private Map<String, Seen> scan() throws UKeyException {
    Map<String, Seen> previous = lastScan;
    Map<String, Seen> now = new LinkedHashMap<>();
    for (String label : store.labels()) {
      Path file = store.fileFor(label);
      Object stamp;
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        stamp = List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
      } catch (IOException e) {
        continue;  // deleted between the listing and now
      }
      Seen old = previous.get(label);
      if (old != null && old.stamp.equals(stamp)) {
        now.put(label, old);
        continue;
      }
      try {
        TokenFile tf = store.read(label);
        now.put(label, new Seen(stamp, tf.serial, Optional.of(SoftToken.info(tf))));
      } catch (UKeyException e) {
        // Present but unreadable (damaged, or deleted this instant): reported without details.
        now.put(label, new Seen(stamp, null, Optional.empty()));
      }
    }
    lastScan = new HashMap<>(now);
    return now;
  }
}
