package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;
import org.ukey.api.PinStatus;
import org.ukey.api.Session;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Token;
import org.ukey.pkcs11.TestGmToken;

/**
 * PIN handling on the GM soft token, which counts and locks as a UKey does: the flags after each
 * wrong PIN, the lock, SO unlock, the must-change initial PIN, a locked SO PIN; and no session
 * left behind by a failed login.
 */
class GmPinTest {
  private static Pin pin(String s) {
    return TestGmToken.pin(s);
  }

  private static int openSessions(TestGmToken gm) {
    return ((ProviderImpl) gm.provider()).calls().ownedSessions();
  }

  @Test
  void wrongPinsCountDownLockAndTheSoUnlocks() throws Exception {
    try (TestGmToken gm = TestGmToken.create("pins", 3, Pkcs11Options.builder(),
        TestGmToken.SANSEC, TestGmToken.TASS)) {
      for (int slot = 0; slot < 2; slot++) {
        Pkcs11Token token = gm.token(slot);
        PinIncorrectException first = assertThrows(PinIncorrectException.class,
            () -> token.login(pin("00000000")));
        assertEquals(OptionalInt.empty(), first.retriesLeft(), "PKCS#11 says only 'count low'");
        PinStatus afterFirst = token.info().pinStatus();
        assertTrue(afterFirst.countLow(), afterFirst.toString());
        PinIncorrectException second = assertThrows(PinIncorrectException.class,
            () -> token.login(pin("00000000")));
        assertEquals(OptionalInt.of(1), second.retriesLeft(), "final try");
        assertTrue(token.info().pinStatus().finalTry());
        // The third wrong PIN locks: reported as locked or as 0 tries left.
        Exception third = assertThrows(Exception.class, () -> token.login(pin("00000000")));
        assertTrue(third instanceof PinLockedException || (third instanceof PinIncorrectException
            p && p.retriesLeft().equals(OptionalInt.of(0))), third.toString());
        assertThrows(PinLockedException.class, () -> token.login(pin(TestGmToken.USER_PIN)));
        assertThrows(PinLockedException.class,
            () -> token.changePin(pin(TestGmToken.USER_PIN), pin("11112222")));
        assertTrue(token.info().pinStatus().locked());
        assertEquals(0, openSessions(gm), "failed logins leave no session");

        // The SO sets a new PIN; C_InitPIN makes it one to change at first use.
        token.unlockPin(pin(TestGmToken.SO_PIN), pin("11112222"));
        assertFalse(token.info().pinStatus().locked());
        assertThrows(PinChangeRequiredException.class, () -> token.login(pin("11112222")));
        token.changePin(pin("11112222"), pin(TestGmToken.USER_PIN));
        try (Session s = token.login(pin(TestGmToken.USER_PIN))) {
          assertTrue(s.isOpen());
          assertFalse(token.info().pinStatus().countLow());
        }
      }
    }
  }

  @Test
  void aRightPinResetsTheCount() throws Exception {
    try (TestGmToken gm = TestGmToken.create("reset", 3, Pkcs11Options.builder(),
        TestGmToken.TASS)) {
      Pkcs11Token token = gm.token(0);
      for (int round = 0; round < 3; round++) {
        assertThrows(PinIncorrectException.class, () -> token.login(pin("00000000")));
        assertThrows(PinIncorrectException.class, () -> token.login(pin("00000000")));
        token.login(pin(TestGmToken.USER_PIN)).close();
        assertFalse(token.info().pinStatus().countLow());
      }
    }
  }

  @Test
  void theInitialPinMustBeChangedBeforeTheFirstLogin() throws Exception {
    try (TestGmToken gm = TestGmToken.create("initial", 6, true, Pkcs11Options.builder(),
        TestGmToken.SANSEC)) {
      Pkcs11Token token = gm.token(0);
      assertTrue(token.info().pinStatus().mustChange());
      assertThrows(PinChangeRequiredException.class,
          () -> token.login(pin(TestGmToken.USER_PIN)));
      assertEquals(0, openSessions(gm), "the refused login logged out and closed its session");
      assertThrows(PinIncorrectException.class,
          () -> token.changePin(pin("99999999"), pin("13572468")));
      token.changePin(pin(TestGmToken.USER_PIN), pin("13572468"));
      assertFalse(token.info().pinStatus().mustChange());
      try (Session s = token.login(pin("13572468"))) {
        assertEquals(16, s.generateRandom(16).length);
      }
    }
  }

  @Test
  void aWrongSoPinLocksTheSoPin() throws Exception {
    try (TestGmToken gm = TestGmToken.create("so", 2, Pkcs11Options.builder(),
        TestGmToken.SANSEC)) {
      Pkcs11Token token = gm.token(0);
      assertThrows(PinIncorrectException.class,
          () -> token.unlockPin(pin("00000000"), pin("11112222")));
      Exception second = assertThrows(Exception.class,
          () -> token.unlockPin(pin("00000000"), pin("11112222")));
      assertTrue(second instanceof PinLockedException || second instanceof PinIncorrectException,
          second.toString());
      assertThrows(PinLockedException.class,
          () -> token.unlockPin(pin(TestGmToken.SO_PIN), pin("11112222")));
      assertTrue(token.info().pinStatus().soLocked());
      // The user PIN is untouched.
      token.login(pin(TestGmToken.USER_PIN)).close();
    }
  }
}
