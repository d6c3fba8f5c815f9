package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukey.sm2.soft.Fixtures.SO_PIN;
import static org.ukey.sm2.soft.Fixtures.USER_PIN;
import static org.ukey.sm2.soft.Fixtures.pin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;
import org.ukey.api.PinStatus;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.sm2.SoftVerifiers;

class SoftTokenTest {
  private static final String NEW_PIN = "n3w-PIN!";

  @TempDir
  Path dir;
  SoftTokenProvider store;

  @BeforeEach
  void open() throws Exception {
    store = SoftTokens.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Token token(SoftTokenOptions options) throws UKeyException {
    return store.createToken("t", pin(USER_PIN), pin(SO_PIN), options);
  }

  private static SoftTokenOptions retries(int n) {
    return SoftTokenOptions.builder().scryptCost(10, 8, 1).maxPinRetries(n).mustChangePin(false)
        .build();
  }

  @Test
  void freshTokenReportsFullRetriesAndNothingLow() throws Exception {
    PinStatus s = token(Fixtures.FAST).info().pinStatus();
    assertEquals(6, s.retriesLeft().getAsInt());
    assertFalse(s.countLow());
    assertFalse(s.finalTry());
    assertFalse(s.locked());
    assertFalse(s.mustChange());
    assertFalse(s.soLocked());
  }

  @Test
  void eachWrongPinCostsExactlyOneRetry() throws Exception {
    Token t = token(Fixtures.FAST);
    for (int left = 5; left >= 3; left--) {
      PinIncorrectException e = assertThrows(PinIncorrectException.class,
          () -> t.login(pin("wrong-pin")));
      assertEquals(left, e.retriesLeft().getAsInt());
      assertEquals(left, t.info().pinStatus().retriesLeft().getAsInt());
      assertTrue(t.info().pinStatus().countLow());
    }
  }

  @Test
  void rightPinResetsTheCounter() throws Exception {
    Token t = token(Fixtures.FAST);
    assertThrows(PinIncorrectException.class, () -> t.login(pin("wrong-pin")));
    assertThrows(PinIncorrectException.class, () -> t.login(pin("wrong-pin")));
    t.login(pin(USER_PIN)).close();
    PinStatus s = t.info().pinStatus();
    assertEquals(6, s.retriesLeft().getAsInt());
    assertFalse(s.countLow());
  }

  @Test
  void locksAfterMaxRetriesAndThenRefusesEvenTheRightPin() throws Exception {
    Token t = token(retries(3));
    assertEquals(2, assertThrows(PinIncorrectException.class, () -> t.login(pin("bad-1")))
        .retriesLeft().getAsInt());
    assertEquals(1, assertThrows(PinIncorrectException.class, () -> t.login(pin("bad-2")))
        .retriesLeft().getAsInt());
    assertTrue(t.info().pinStatus().finalTry());
    assertEquals(0, assertThrows(PinIncorrectException.class, () -> t.login(pin("bad-3")))
        .retriesLeft().getAsInt());
    PinStatus s = t.info().pinStatus();
    assertTrue(s.locked());
    assertEquals(0, s.retriesLeft().getAsInt());
    PinLockedException e = assertThrows(PinLockedException.class, () -> t.login(pin(USER_PIN)));
    assertTrue(e.getMessage().contains("locked"), e.getMessage());
    assertThrows(PinLockedException.class, () -> t.changePin(pin(USER_PIN), pin(NEW_PIN)));
  }

  @Test
  void pinsThatNoPinCouldBeAreRefusedWithoutCostingARetry() throws Exception {
    Token t = token(Fixtures.FAST);
    assertEquals(6, assertThrows(PinIncorrectException.class, () -> t.login(pin("")))
        .retriesLeft().getAsInt());
    assertEquals(6, assertThrows(PinIncorrectException.class, () -> t.login(pin("x".repeat(300))))
        .retriesLeft().getAsInt());
    assertEquals(6, t.info().pinStatus().retriesLeft().getAsInt());
  }

  @Test
  void soUnlocksALockedUserPinAndMustChangeFollows() throws Exception {
    Token t = token(SoftTokenOptions.builder().scryptCost(10, 8, 1).maxPinRetries(2).build());
    t.changePin(pin(USER_PIN), pin(NEW_PIN));
    assertThrows(PinIncorrectException.class, () -> t.login(pin("bad-1")));
    assertThrows(PinIncorrectException.class, () -> t.login(pin("bad-2")));
    assertTrue(t.info().pinStatus().locked());

    t.unlockPin(pin(SO_PIN), pin("reset-by-so"));
    PinStatus s = t.info().pinStatus();
    assertFalse(s.locked());
    assertEquals(2, s.retriesLeft().getAsInt());
    assertTrue(s.mustChange(), "the SO knows the PIN it set: the user must change it");
    assertThrows(PinChangeRequiredException.class, () -> t.login(pin("reset-by-so")));
    t.changePin(pin("reset-by-so"), pin("users-own"));
    t.login(pin("users-own")).close();
    assertThrows(PinIncorrectException.class, () -> t.login(pin(NEW_PIN)));
  }

  @Test
  void soUnlockWithoutMustChangeOptionLeavesThePinUsable() throws Exception {
    Token t = token(Fixtures.FAST);
    t.unlockPin(pin(SO_PIN), pin("reset-by-so"));
    assertFalse(t.info().pinStatus().mustChange());
    t.login(pin("reset-by-so")).close();
  }

  @Test
  void wrongSoPinCountsAndLocksTheSoPinSeparately() throws Exception {
    Token t = token(retries(2));
    assertThrows(PinIncorrectException.class, () -> t.login(pin("bad-user")));
    assertEquals(1, assertThrows(PinIncorrectException.class,
        () -> t.unlockPin(pin("bad-so-1"), pin(NEW_PIN))).retriesLeft().getAsInt());
    assertFalse(t.info().pinStatus().soLocked());
    assertEquals(0, assertThrows(PinIncorrectException.class,
        () -> t.unlockPin(pin("bad-so-2"), pin(NEW_PIN))).retriesLeft().getAsInt());
    PinStatus s = t.info().pinStatus();
    assertTrue(s.soLocked());
    assertEquals(1, s.retriesLeft().getAsInt(), "the user PIN counter is separate");
    assertThrows(PinLockedException.class, () -> t.unlockPin(pin(SO_PIN), pin(NEW_PIN)));
    // The user PIN still works.
    t.login(pin(USER_PIN)).close();
  }

  @Test
  void rightSoPinResetsTheSoCounter() throws Exception {
    Token t = token(retries(3));
    assertThrows(PinIncorrectException.class, () -> t.unlockPin(pin("bad-so"), pin(NEW_PIN)));
    t.unlockPin(pin(SO_PIN), pin(NEW_PIN));
    assertThrows(PinIncorrectException.class, () -> t.unlockPin(pin("bad-so"), pin(NEW_PIN)));
    assertThrows(PinIncorrectException.class, () -> t.unlockPin(pin("bad-so"), pin(NEW_PIN)));
    assertFalse(t.info().pinStatus().soLocked(), "2 failures since the last success, not 3");
  }

  @Test
  void initialPinMustBeChangedBeforeLogin() throws Exception {
    Token t = token(Fixtures.FAST_MUST_CHANGE);
    assertTrue(t.info().pinStatus().mustChange());
    PinChangeRequiredException e = assertThrows(PinChangeRequiredException.class,
        () -> t.login(pin(USER_PIN)));
    assertTrue(e.getMessage().contains("changePin"), e.getMessage());
    // A wrong PIN is still wrong, and counted, while the change is pending.
    assertEquals(5, assertThrows(PinIncorrectException.class, () -> t.login(pin("bad-pin")))
        .retriesLeft().getAsInt());

    t.changePin(pin(USER_PIN), pin(NEW_PIN));
    assertFalse(t.info().pinStatus().mustChange());
    assertEquals(6, t.info().pinStatus().retriesLeft().getAsInt());
    t.login(pin(NEW_PIN)).close();
  }

  @Test
  void refusesAPinChangeToTheSamePinWithoutCountingIt() throws Exception {
    Token t = token(Fixtures.FAST_MUST_CHANGE);
    UKeyException e = assertThrows(UKeyException.class,
        () -> t.changePin(pin(USER_PIN), pin(USER_PIN)));
    assertTrue(e.getMessage().contains("differ"), e.getMessage());
    assertEquals(6, t.info().pinStatus().retriesLeft().getAsInt());
    assertTrue(t.info().pinStatus().mustChange());
  }

  @Test
  void changePinWithWrongOldPinCountsAndChangesNothing() throws Exception {
    Token t = token(Fixtures.FAST);
    assertEquals(5, assertThrows(PinIncorrectException.class,
        () -> t.changePin(pin("bad-pin"), pin(NEW_PIN))).retriesLeft().getAsInt());
    assertThrows(PinIncorrectException.class, () -> t.login(pin(NEW_PIN)));
    t.login(pin(USER_PIN)).close();
  }

  @Test
  void pinChangeKeepsKeysUsableAndRetiresTheOldPin() throws Exception {
    Token t = token(Fixtures.FAST);
    byte[] message = "voucher".getBytes();
    TokenKey key;
    try (Session s = t.login(pin(USER_PIN))) {
      key = s.generateKey(KeySpec.sm2(), "seal");
    }
    t.changePin(pin(USER_PIN), pin(NEW_PIN));
    assertThrows(PinIncorrectException.class, () -> t.login(pin(USER_PIN)));
    try (Session s = t.login(pin(NEW_PIN))) {
      TokenKey same = s.key("seal");
      byte[] sig = s.signer(same, SignatureAlgorithm.SM3_WITH_SM2).sign(message);
      SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, message, sig);
    }
  }

  @Test
  void soUnlockKeepsKeys() throws Exception {
    Token t = token(Fixtures.FAST);
    try (Session s = t.login(pin(USER_PIN))) {
      s.generateKey(KeySpec.ecP256(), "k");
    }
    t.unlockPin(pin(SO_PIN), pin(NEW_PIN));
    try (Session s = t.login(pin(NEW_PIN))) {
      assertEquals("k", s.key("k").label());
    }
  }

  @Test
  void refusesNewPinsOutsideTheLengthRangeBeforeCheckingAnything() throws Exception {
    Token t = token(Fixtures.FAST);
    assertThrows(UKeyException.class, () -> t.changePin(pin(USER_PIN), pin("abc")));
    assertThrows(UKeyException.class, () -> t.unlockPin(pin(SO_PIN), pin("y".repeat(256))));
    assertThrows(UKeyException.class, () -> t.unlockPin(pin(SO_PIN), pin(SO_PIN)));
    assertEquals(6, t.info().pinStatus().retriesLeft().getAsInt());
    t.login(pin(USER_PIN)).close();
  }

  @Test
  void pinChangeWorksWhileAnotherSessionIsOpen() throws Exception {
    Token t = token(Fixtures.FAST);
    try (Session s = t.login(pin(USER_PIN))) {
      t.changePin(pin(USER_PIN), pin(NEW_PIN));
      // The data key did not change: the open session keeps working, and writing.
      s.generateKey(KeySpec.ecP256(), "after-change");
    }
    try (Session s = t.login(pin(NEW_PIN))) {
      assertEquals(1, s.keys().size());
    }
  }

  @Test
  void concurrentWrongPinsAreEachCounted() throws Exception {
    token(retries(50));
    int threads = 4;
    int attemptsEach = 3;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          try (SoftTokenProvider own = SoftTokens.open(dir)) {
            for (int a = 0; a < attemptsEach; a++) {
              assertThrows(PinIncorrectException.class,
                  () -> own.token("t").login(pin("wrong-pin")));
            }
          }
          return null;
        }));
      }
      for (Future<Void> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(50 - threads * attemptsEach,
        store.token("t").info().pinStatus().retriesLeft().getAsInt());
  }

  @Test
  void failureCountsPersistAcrossProviders() throws Exception {
    token(Fixtures.FAST);
    assertThrows(PinIncorrectException.class, () -> store.token("t").login(pin("bad-pin")));
    try (SoftTokenProvider other = SoftTokens.open(dir)) {
      assertEquals(4, assertThrows(PinIncorrectException.class,
          () -> other.token("t").login(pin("bad-pin"))).retriesLeft().getAsInt());
    }
  }
}
