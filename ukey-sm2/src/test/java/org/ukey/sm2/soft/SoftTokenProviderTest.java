package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukey.sm2.soft.Fixtures.SO_PIN;
import static org.ukey.sm2.soft.Fixtures.USER_PIN;
import static org.ukey.sm2.soft.Fixtures.createToken;
import static org.ukey.sm2.soft.Fixtures.pin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenEvent;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.TokenRemovedException;
import org.ukey.api.TokenWatch;
import org.ukey.api.UKeyException;

class SoftTokenProviderTest {
  @TempDir
  Path dir;

  @Test
  void createsStoreDirectoryOwnerOnly() throws Exception {
    Path store = dir.resolve("nested/soft");
    try (SoftTokenProvider p = SoftTokens.open(store)) {
      assertTrue(Files.isDirectory(store));
      assertEquals(store.toRealPath(), p.directory());
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
      assertEquals(List.of(), p.tokens());
    }
  }

  @Test
  void refusesAFileAsStoreDirectory() throws Exception {
    Path file = Files.createFile(dir.resolve("not-a-dir"));
    UKeyException e = assertThrows(UKeyException.class, () -> SoftTokens.open(file));
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
  }

  @Test
  void defaultDirectoryIsDotUkeySoftInHome() {
    assertEquals(Path.of(System.getProperty("user.home"), ".ukey", "soft"),
        SoftTokens.defaultDirectory());
  }

  @Test
  void tokensPersistAcrossProviderInstances() throws Exception {
    String serial;
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      Token t = createToken(p, "alpha");
      createToken(p, "beta");
      serial = t.info().serialNumber();
      try (Session s = t.login(pin(USER_PIN))) {
        s.generateKey(KeySpec.sm2(), "sig");
      }
    }
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      List<Token> tokens = p.tokens();
      assertEquals(2, tokens.size());
      assertEquals("alpha", tokens.get(0).info().label());
      assertEquals("beta", tokens.get(1).info().label());
      TokenInfo info = p.token("alpha").info();
      assertEquals(serial, info.serialNumber());
      assertEquals("UKey SDK", info.manufacturer());
      assertEquals("soft token", info.model());
      assertTrue(info.serialNumber().matches("[0-9A-F]{16}"), info.serialNumber());
      try (Session s = p.token("alpha").login(pin(USER_PIN))) {
        assertEquals("sig", s.key("sig").label());
      }
    }
  }

  @Test
  void tokenSerialsAreDistinct() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      assertNotEquals(createToken(p, "a").info().serialNumber(),
          createToken(p, "b").info().serialNumber());
    }
  }

  @Test
  void keepsLabelsWithAnyCharactersInPortableFileNames() throws Exception {
    String label = "财政局 签章/1";
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      createToken(p, label);
      assertEquals(label, p.tokens().get(0).info().label());
      assertTrue(Files.exists(dir.resolve("%E8%B4%A2%E6%94%BF%E5%B1%80%20%E7%AD%BE%E7%AB%A0%2F1"
          + ".token")));
    }
  }

  @Test
  void refusesADuplicateLabel() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      createToken(p, "dup");
      UKeyException e = assertThrows(UKeyException.class, () -> createToken(p, "dup"));
      assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }
  }

  @Test
  void refusesInvalidLabels() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      for (String bad : new String[] {"", " lead", "trail ", "a\nb", "x".repeat(65),
          "财".repeat(22)}) {
        UKeyException e = assertThrows(UKeyException.class, () -> createToken(p, bad), bad);
        assertTrue(e.getMessage().startsWith("invalid token label"), e.getMessage());
      }
      assertEquals(List.of(), p.tokens());
    }
  }

  @Test
  void refusesEqualUserAndSoPins() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      UKeyException e = assertThrows(UKeyException.class,
          () -> p.createToken("t", pin("same-pin"), pin("same-pin"), Fixtures.FAST));
      assertTrue(e.getMessage().contains("must differ"), e.getMessage());
    }
  }

  @Test
  void refusesPinsOutsideFourTo255Bytes() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      assertThrows(UKeyException.class,
          () -> p.createToken("t", pin("123"), pin(SO_PIN), Fixtures.FAST));
      assertThrows(UKeyException.class,
          () -> p.createToken("t", pin(USER_PIN), pin("x".repeat(256)), Fixtures.FAST));
      assertEquals(List.of(), p.tokens());
    }
  }

  @Test
  void tokenByUnknownLabelIsNotPresent() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      assertThrows(TokenNotPresentException.class, () -> p.token("nobody"));
      assertThrows(TokenNotPresentException.class, () -> p.token(""));
    }
  }

  @Test
  void deletesTokenOnlyWithTheSoPin() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      Token t = createToken(p, "gone");
      PinIncorrectException wrong = assertThrows(PinIncorrectException.class,
          () -> p.deleteToken("gone", pin("wrong-so")));
      assertEquals(5, wrong.retriesLeft().getAsInt());
      assertTrue(t.isPresent());
      p.deleteToken("gone", pin(SO_PIN));
      assertFalse(t.isPresent());
      assertEquals(List.of(), p.tokens());
      assertThrows(TokenNotPresentException.class, t::info);
      assertThrows(TokenNotPresentException.class, () -> p.deleteToken("gone", pin(SO_PIN)));
    }
  }

  @Test
  void deletingATokenMakesItsSessionsAndSignersReportRemoval() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      Session s = createToken(p, "t").login(pin(USER_PIN));
      TokenKey k = s.generateKey(KeySpec.ecP256(), "k");
      Signer signer = s.signer(k, SignatureAlgorithm.SHA256_WITH_ECDSA);
      p.deleteToken("t", pin(SO_PIN));
      assertFalse(s.isOpen());
      assertThrows(TokenRemovedException.class, s::keys);
      assertThrows(TokenRemovedException.class, () -> signer.sign(new byte[] {1}));
      s.close();
      assertThrows(IllegalStateException.class, s::keys);
    }
  }

  @Test
  void sessionOfAnotherProviderNoticesDeletionAndRecreation() throws Exception {
    try (SoftTokenProvider p1 = SoftTokens.open(dir); SoftTokenProvider p2 = SoftTokens.open(dir)) {
      createToken(p1, "t");
      try (Session s = p2.token("t").login(pin(USER_PIN))) {
        p1.deleteToken("t", pin(SO_PIN));
        createToken(p1, "t");
        // Same label, new token: the old session must not see the new token's keys.
        assertThrows(TokenRemovedException.class, s::keys);
      }
    }
  }

  @Test
  void deleteWithLockedSoPinIsRefused() throws Exception {
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      p.createToken("t", pin(USER_PIN), pin(SO_PIN), SoftTokenOptions.builder()
          .scryptCost(10, 8, 1).maxPinRetries(2).mustChangePin(false).build());
      assertThrows(PinIncorrectException.class, () -> p.deleteToken("t", pin("bad-so-1")));
      assertThrows(PinIncorrectException.class, () -> p.deleteToken("t", pin("bad-so-2")));
      assertThrows(PinLockedException.class, () -> p.deleteToken("t", pin(SO_PIN)));
      assertTrue(p.token("t").info().pinStatus().soLocked());
    }
  }

  @Test
  void closingTheProviderClosesItsSessionsAndRefusesUse() throws Exception {
    SoftTokenProvider p = SoftTokens.open(dir);
    Session s = createToken(p, "t").login(pin(USER_PIN));
    TokenKey k = s.generateKey(KeySpec.sm2(), "k");
    Signer signer = s.signer(k, SignatureAlgorithm.SM3_WITH_SM2);
    p.close();
    p.close();
    assertFalse(s.isOpen());
    assertThrows(IllegalStateException.class, () -> signer.sign(new byte[1]));
    assertThrows(IllegalStateException.class, p::tokens);
    assertThrows(IllegalStateException.class, () -> createToken(p, "u"));
  }

  @Test
  void watchReportsTokensCreatedAndDeletedByAnotherProvider() throws Exception {
    BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    try (SoftTokenProvider watching = SoftTokens.open(dir);
         SoftTokenProvider other = SoftTokens.open(dir)) {
      createToken(other, "before");
      TokenWatch w = watching.watch(events::add);
      try {
        createToken(other, "new");
        TokenEvent inserted = events.poll(30, TimeUnit.SECONDS);
        assertEquals(TokenEvent.Kind.INSERTED, inserted.kind());
        assertEquals("new", inserted.slot());
        assertEquals("new", inserted.token().orElseThrow().label());
        String serial = inserted.token().orElseThrow().serialNumber();

        other.deleteToken("new", pin(SO_PIN));
        TokenEvent removed = events.poll(30, TimeUnit.SECONDS);
        assertEquals(TokenEvent.Kind.REMOVED, removed.kind());
        assertEquals("new", removed.slot());
        assertEquals(serial, removed.token().orElseThrow().serialNumber());
      } finally {
        w.close();
        w.close();
      }
      // "before" existed when watching began: no event for it, and nothing after close.
      createToken(other, "after-close");
      assertEquals(null, events.poll(1500, TimeUnit.MILLISECONDS));
    }
    assertWatcherThreadEnds();
  }

  @Test
  void watchReportsATokenReplacedUnderTheSameLabel() throws Exception {
    BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      String first = createToken(p, "t").info().serialNumber();
      TokenWatch w = p.watch(events::add);
      try {
        // Delete and re-create faster than one poll: only the serial tells them apart.
        p.deleteToken("t", pin(SO_PIN));
        String second = createToken(p, "t").info().serialNumber();
        TokenEvent a = events.poll(30, TimeUnit.SECONDS);
        TokenEvent b = events.poll(30, TimeUnit.SECONDS);
        assertEquals(TokenEvent.Kind.REMOVED, a.kind());
        assertEquals(TokenEvent.Kind.INSERTED, b.kind());
        // The poll may have caught the moment between deletion and creation; then the removed
        // token's details are known, and the inserted one's serial is the second.
        a.token().ifPresent(i -> assertEquals(first, i.serialNumber()));
        assertEquals(second, b.token().orElseThrow().serialNumber());
      } finally {
        w.close();
      }
    }
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() throws Exception {
    BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    try (SoftTokenProvider p = SoftTokens.open(dir)) {
      TokenWatch bad = p.watch(e -> {
        throw new IllegalStateException("listener bug");
      });
      TokenWatch good = p.watch(events::add);
      createToken(p, "one");
      assertEquals("one", events.poll(30, TimeUnit.SECONDS).slot());
      createToken(p, "two");
      assertEquals("two", events.poll(30, TimeUnit.SECONDS).slot());
      bad.close();
      good.close();
    }
  }

  @Test
  void closingTheProviderStopsTheWatcher() throws Exception {
    SoftTokenProvider p = SoftTokens.open(dir);
    p.watch(e -> { });
    assertTrue(watcherThreadAlive());
    p.close();
    assertWatcherThreadEnds();
  }

  @Test
  void keyIdsAreStableAcrossProviders() throws Exception {
    byte[] id;
    try (SoftTokenProvider p = SoftTokens.open(dir);
         Session s = createToken(p, "t").login(pin(USER_PIN))) {
      id = s.generateKey(KeySpec.ecP384(), "k").id();
    }
    try (SoftTokenProvider p = SoftTokens.open(dir);
         Session s = p.token("t").login(pin(USER_PIN))) {
      assertArrayEquals(id, s.keyById(id).id());
    }
  }

  private static boolean watcherThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("ukey-soft-token-watch") && t.isAlive());
  }

  private static void assertWatcherThreadEnds() throws InterruptedException {
    for (int i = 0; i < 100 && watcherThreadAlive(); i++) {
      Thread.sleep(100);
    }
    assertFalse(watcherThreadAlive(), "watcher thread still running");
  }
}
