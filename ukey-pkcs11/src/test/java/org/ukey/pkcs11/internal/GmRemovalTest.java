package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.TokenEvent;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.TokenRemovedException;
import org.ukey.api.TokenWatch;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Token;
import org.ukey.pkcs11.TestGmToken;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.sm2.SoftVerifiers;

/**
 * Pulling a GM soft token out while it is used, as a user pulls a UKey: every thread signing on
 * it gets {@link TokenRemovedException} (no other failure, no JVM crash), no session is left
 * open in the module or in the SDK, the re-inserted token works after a new login, opening a
 * session on a pulled token is a removal too, and {@code watch} reports both events.
 */
class GmRemovalTest {
  private static final byte[] MESSAGE = "voucher".getBytes(StandardCharsets.UTF_8);

  /** Sessions the module has open on a slot, found by asking it about every handle. */
  private static int sessionsInModule(ModuleCalls calls, long slot) {
    int open = 0;
    for (long h = 1; h <= 5000; h++) {
      try {
        if (calls.getSessionInfo(h).slotID() == slot) {
          open++;
        }
      } catch (Pkcs11Exception e) {
        assertEquals(CKR.CKR_SESSION_HANDLE_INVALID, e.code(), e.getMessage());
      }
    }
    return open;
  }

  @Test
  void removalDuringASigningLoopInEightThreadsIsTokenRemovedThenANewLoginWorks()
      throws Exception {
    try (TestGmToken gm = TestGmToken.create("pulled", TestGmToken.SANSEC, TestGmToken.TASS)) {
      ModuleCalls calls = ((ProviderImpl) gm.provider()).calls();
      // The other slot's session must not notice anything.
      Session bystander = gm.token(1).login(TestGmToken.pin(TestGmToken.USER_PIN));
      TokenKey other = bystander.generateKey(KeySpec.sm2(), "other");
      String serial = gm.token(0).info().serialNumber();
      for (int round = 0; round < 3; round++) {
        Session session = gm.token(0).login(TestGmToken.pin(TestGmToken.USER_PIN));
        TokenKey key = round == 0 ? session.generateKey(KeySpec.sm2(), "k") : session.key("k");
        Signer signer = session.signer(key, SignatureAlgorithm.SM3_WITH_SM2);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger signed = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(8);
        List<Future<Throwable>> ends = new ArrayList<>();
        try {
          for (int t = 0; t < 8; t++) {
            ends.add(threads.submit(() -> {
              running.countDown();
              try {
                for (;;) {
                  signer.sign(MESSAGE);
                  signed.incrementAndGet();
                }
              } catch (Throwable e) {
                return e;
              }
            }));
          }
          running.await();
          while (signed.get() < 200) {
            Thread.sleep(5);
          }
          gm.remove(0);
          for (Future<Throwable> end : ends) {
            Throwable e = end.get(30, TimeUnit.SECONDS);
            if (!(e instanceof TokenRemovedException)) {
              throw new AssertionError("a signing thread ended with " + e, e);
            }
          }
        } finally {
          threads.shutdownNow();
        }
        assertFalse(session.isOpen());
        assertThrows(TokenRemovedException.class, () -> signer.sign(MESSAGE));
        assertThrows(TokenRemovedException.class, () -> session.generateRandom(8));
        TokenState dead = ((TokenImpl) session.token()).state();
        assertEquals(0, dead.pool.openCount(), "the pool forgot the dead sessions");
        assertEquals(0, sessionsInModule(calls, 0), "the module closed the slot's sessions");
        assertThrows(TokenNotPresentException.class, () -> gm.token(0));
        session.close();

        gm.insert(0);
        Pkcs11Token back = gm.token(0);
        assertEquals(serial, back.info().serialNumber());
        try (Session again = back.login(TestGmToken.pin(TestGmToken.USER_PIN))) {
          byte[] sig = again.signer(again.key("k"), SignatureAlgorithm.SM3_WITH_SM2)
              .sign(MESSAGE);
          SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, MESSAGE, sig);
        }
        assertEquals(0, sessionsInModule(calls, 0), "a session of slot 0 leaked");
        assertTrue(bystander.isOpen());
        bystander.signer(other, SignatureAlgorithm.SM3_WITH_SM2).sign(MESSAGE);
      }
      bystander.close();
      assertEquals(0, sessionsInModule(calls, 1), "a session of slot 1 leaked");
      assertEquals(0, calls.ownedSessions(), "the SDK still counts sessions as its own");
      assertEquals(0, ((ProviderImpl) gm.provider()).openNativeSessions());
    }
  }

  @Test
  void loggingInToOrUsingAPulledTokenIsTokenRemoved() throws Exception {
    try (TestGmToken gm = TestGmToken.create("gone", TestGmToken.TASS)) {
      Pkcs11Token token = gm.token(0);
      Session session = token.login(TestGmToken.pin(TestGmToken.USER_PIN));
      gm.remove(0);
      // No pooled session yet: the first operation opens one, which the module refuses with
      // CKR_TOKEN_NOT_PRESENT (or the presence check sees the empty slot first).
      TokenRemovedException used = assertThrows(TokenRemovedException.class,
          () -> session.generateRandom(8));
      assertNotNull(used.getCause());
      // C_GetTokenInfo / C_OpenSession on the pulled token, before any session call.
      Pkcs11Token stale = token;
      TokenRemovedException login = assertThrows(TokenRemovedException.class,
          () -> stale.login(TestGmToken.pin(TestGmToken.USER_PIN)));
      assertFalse(login.getMessage().contains(TestGmToken.USER_PIN));
      assertThrows(TokenRemovedException.class, () -> stale.changePin(
          TestGmToken.pin(TestGmToken.USER_PIN), TestGmToken.pin("24682468")));
      assertThrows(TokenRemovedException.class, () -> stale.unlockPin(
          TestGmToken.pin(TestGmToken.SO_PIN), TestGmToken.pin("24682468")));
      assertFalse(stale.isPresent());
      // Asked for anew, a token that is not there is "not present".
      assertThrows(TokenNotPresentException.class, () -> gm.token(0));
      assertTrue(gm.provider().tokens().isEmpty());
      session.close();
      gm.insert(0);
      try (Session again = gm.token(0).login(TestGmToken.pin(TestGmToken.USER_PIN))) {
        assertEquals(8, again.generateRandom(8).length);
      }
    }
  }

  @Test
  void aTokenPulledBeforeTheFirstLoginIsRemovedNotAGenericError() throws Exception {
    try (TestGmToken gm = TestGmToken.create("early", TestGmToken.SANSEC)) {
      Pkcs11Token token = gm.token(0);
      gm.remove(0);
      TokenRemovedException e = assertThrows(TokenRemovedException.class,
          () -> token.login(TestGmToken.pin(TestGmToken.USER_PIN)));
      Pkcs11Exception cause = assertInstanceOf(Pkcs11Exception.class, e.getCause());
      assertTrue(cause.code() == CKR.CKR_TOKEN_NOT_PRESENT
          || cause.code() == CKR.CKR_DEVICE_REMOVED, cause.getMessage());
      assertThrows(TokenRemovedException.class, token::info);
    }
  }

  @Test
  void watchReportsRemovalAndInsertion() throws Exception {
    try (TestGmToken gm = TestGmToken.create("watched", 6,
        Pkcs11Options.builder().watchInterval(Duration.ofMillis(20)),
        TestGmToken.SANSEC, TestGmToken.TASS)) {
      BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
      Session session = gm.token(1).login(TestGmToken.pin(TestGmToken.USER_PIN));
      try (TokenWatch w = gm.provider().watch(events::add)) {
        gm.remove(1);
        TokenEvent removed = next(events);
        assertEquals(TokenEvent.Kind.REMOVED, removed.kind());
        assertEquals("watched-1", removed.token().orElseThrow().label());
        // The watcher marked the token gone: its session fails fast, without a native call.
        assertFalse(session.isOpen());
        assertThrows(TokenRemovedException.class, () -> session.generateRandom(8));
        gm.insert(1);
        TokenEvent inserted = next(events);
        assertEquals(TokenEvent.Kind.INSERTED, inserted.kind());
        assertEquals("watched-1", inserted.token().orElseThrow().label());
        assertTrue(inserted.slot().contains("1"), inserted.slot());
        assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS), "slot 0 did not change");
      }
      session.close();
    }
  }

  private static TokenEvent next(BlockingQueue<TokenEvent> events) throws Exception {
    TokenEvent e = events.poll(5, TimeUnit.SECONDS);
    if (e == null) {
      fail("no token event within 5 s");
    }
    return e;
  }
}
