package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.TokenEvent;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.TokenWatch;
import org.ukey.pkcs11.LibraryInfo;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.Pkcs11Token;
import org.ukey.pkcs11.TestSoftHsm;

class ProviderImplTest {

  @Test
  void listsInitializedTokensAndEverySlot() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("listed")) {
      Pkcs11Provider p = hsm.provider();
      assertEquals(List.of("listed"), p.tokens().stream().map(t -> {
        try {
          return t.info().label();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).toList());
      assertEquals(2, p.slots().size(), "the token and SoftHSM's free slot");
      Pkcs11Token t = p.token("listed");
      assertEquals(t.slotId(), p.slot(t.slotId()).slotId());
      assertThrows(TokenNotPresentException.class, () -> p.token("nosuch"));
      assertThrows(TokenNotPresentException.class, () -> p.slot(0x7777777L));
      assertTrue(p.description().startsWith("PKCS#11 "), p.description());
      LibraryInfo info = p.libraryInfo();
      assertEquals("SoftHSM", info.manufacturer());
      assertEquals("2.40", info.cryptokiVersion());
      assertTrue(info.initializedHere());
      assertTrue(info.directCalls());
    }
  }

  @Test
  void closingTheProviderClosesItsSessionsAndRefusesUse() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("closing")) {
      Pkcs11Provider p = hsm.provider();
      Session s = p.token("closing").login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      p.close();
      p.close();
      assertFalse(s.isOpen());
      assertThrows(IllegalStateException.class, p::tokens);
      assertThrows(IllegalStateException.class, () -> p.watch(e -> { }));
    }
  }

  @Test
  void watchReportsTokensInsertedAndRemoved() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("watched",
        Pkcs11Options.builder().watchInterval(Duration.ofMillis(20)))) {
      Pkcs11Provider p = hsm.provider();
      BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
      TokenWatch watch = p.watch(events::add);
      Thread watcher = watcherThread();
      assertNotNull(watcher);
      assertTrue(watcher.isDaemon());

      Set<Path> before = tokenDirectories(hsm);
      Pkcs11Token blank = p.slots().stream().filter(t -> !isInitialized(t)).findFirst()
          .orElseThrow();
      blank.initialize(TestSoftHsm.pin(TestSoftHsm.SO_PIN), "plugged");
      TokenEvent inserted = events.poll(30, TimeUnit.SECONDS);
      assertNotNull(inserted, "no insert event");
      assertEquals(TokenEvent.Kind.INSERTED, inserted.kind());
      assertEquals("plugged", inserted.token().orElseThrow().label());

      Pkcs11Token plugged = p.token("plugged");
      plugged.unlockPin(TestSoftHsm.pin(TestSoftHsm.SO_PIN),
          TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      Session s = plugged.login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
      s.generateKey(KeySpec.ecP256(), "k");
      Set<Path> created = tokenDirectories(hsm);
      created.removeAll(before);
      assertEquals(1, created.size());
      try (Stream<Path> files = Files.walk(created.iterator().next())) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
      TokenEvent removed = events.poll(30, TimeUnit.SECONDS);
      assertNotNull(removed, "no remove event");
      assertEquals(TokenEvent.Kind.REMOVED, removed.kind());
      assertEquals("plugged", removed.token().orElseThrow().label());
      assertFalse(s.isOpen(), "the removal invalidated the session at once");
      s.close();

      watch.close();
      watcher.join(10_000);
      assertFalse(watcher.isAlive(), "the watcher stops with its last registration");
    }
  }

  @Test
  void aFailingListenerDoesNotStopTheWatcherAndCloseStopsIt() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("noisy",
        Pkcs11Options.builder().watchInterval(Duration.ofMillis(20)))) {
      Pkcs11Provider p = hsm.provider();
      BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
      p.watch(e -> {
        throw new IllegalStateException("listener bug");
      });
      p.watch(events::add);
      Pkcs11Token blank = p.slots().stream().filter(t -> !isInitialized(t)).findFirst()
          .orElseThrow();
      blank.initialize(TestSoftHsm.pin(TestSoftHsm.SO_PIN), "second");
      TokenEvent e = events.poll(30, TimeUnit.SECONDS);
      assertNotNull(e);
      assertEquals(TokenEvent.Kind.INSERTED, e.kind());
      Thread watcher = watcherThread();
      p.close();
      watcher.join(10_000);
      assertFalse(watcher.isAlive(), "the watcher stops when the provider closes");
    }
  }

  private static boolean isInitialized(Pkcs11Token t) {
    try {
      return t.isInitialized();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Thread watcherThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("ukey-pkcs11-watch")).findFirst().orElse(null);
  }

  private static Set<Path> tokenDirectories(TestSoftHsm hsm) throws Exception {
    try (Stream<Path> s = Files.list(hsm.tokenDirectory())) {
      return s.collect(Collectors.toSet());
    }
  }
}
