package org.ukey.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;
import org.ukey.api.PinStatus;
import org.ukey.api.Session;
import org.ukey.api.Signer;
import org.ukey.api.Token;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.testkit.ReferenceVerifier;

/**
 * Contract: PINs. Login with the right PIN; a wrong PIN is exactly
 * {@link PinIncorrectException} and costs one try; the user PIN locks after the limit and the SO
 * unlocks it; a must-change PIN refuses login with {@link PinChangeRequiredException} until
 * {@link Token#changePin} clears the flag; {@code changePin} round trip; no PIN in any exception
 * message.
 *
 * <p>Every test opens its own fresh token, since these tests change PIN state. Tests of a
 * {@link TokenFeature} the fixture does not claim are skipped by assumption.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of this class at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PinContract {
  private Claims claims;

  /**
   * The fixture of the provider under test.
   *
   * @return the fixture
   */
  protected abstract TokenContractFixture fixture();

  /** Reads the fixture's claims. */
  @BeforeAll
  protected final void readClaims() {
    claims = Claims.of(fixture());
  }

  /**
   * The right PIN logs in; the session is open and belongs to the token.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void logsInWithTheRightPin(@TempDir Path directory) throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory);
        Session session = fresh.login()) {
      assertTrue(session.isOpen(), "a new session says it is not open");
      assertEquals(claims.fixture().tokenLabel(), session.token().info().label(),
          "session.token() is another token");
    }
  }

  /**
   * A wrong PIN is exactly {@link PinIncorrectException}, twice; its message holds neither PIN.
   * A token that reports counts says one try fewer each time, in the exception and in its PIN
   * status.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void wrongPinIsPinIncorrectAndCostsOneTry(@TempDir Path directory) throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      int attempts = claims.has(TokenFeature.PIN_LOCK) ? Math.min(2, claims.retryLimit() - 1) : 2;
      for (int i = 1; i <= attempts; i++) {
        PinIncorrectException e = wrongLogin(fresh.token());
        assertNoPinIn(e);
        if (claims.has(TokenFeature.PIN_RETRY_COUNT)) {
          int expected = claims.retryLimit() - i;
          int attempt = i;
          assertEquals(expected, e.retriesLeft().orElse(-1),
              () -> "PIN_RETRY_COUNT: PinIncorrectException.retriesLeft() after " + attempt
                  + " wrong PIN(s)");
          PinStatus status = fresh.token().info().pinStatus();
          assertEquals(expected, status.retriesLeft().orElse(-1),
              () -> "PIN_RETRY_COUNT: PinStatus.retriesLeft() after " + attempt
                  + " wrong PIN(s): " + status);
          assertFalse(status.locked(), () -> "locked before the limit: " + status);
        }
      }
    }
  }

  /**
   * A right PIN after a wrong one restores the full retry count.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void rightPinRestoresTheRetryCount(@TempDir Path directory) throws Exception {
    claims.assume(TokenFeature.PIN_RETRY_COUNT);
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      wrongLogin(fresh.token());
      fresh.login().close();
      PinStatus status = fresh.token().info().pinStatus();
      assertEquals(claims.retryLimit(), status.retriesLeft().orElse(-1),
          () -> "retriesLeft() after a wrong PIN then the right one: " + status);
    }
  }

  /**
   * After {@link TokenContractFixture#pinRetryLimit()} wrong PINs the user PIN is locked: the
   * last wrong attempt is {@link PinIncorrectException} with 0 tries left or
   * {@link PinLockedException}; then even the right PIN, and {@code changePin}, get exactly
   * {@link PinLockedException}, and the PIN status says locked.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void locksAfterTheRetryLimit(@TempDir Path directory) throws Exception {
    claims.assume(TokenFeature.PIN_LOCK);
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      lock(fresh.token());
      try (Pin right = claims.fixture().userPin(); Pin other = claims.fixture().otherUserPin()) {
        PinLockedException e = assertThrowsExactly(PinLockedException.class,
            () -> fresh.token().login(right).close(), "login with the right PIN when locked");
        assertNoPinIn(e);
        assertThrowsExactly(PinLockedException.class,
            () -> fresh.token().changePin(right, other), "changePin when locked");
      }
      PinStatus status = fresh.token().info().pinStatus();
      assertTrue(status.locked(), () -> "PinStatus.locked() after the limit: " + status);
      if (claims.has(TokenFeature.PIN_RETRY_COUNT)) {
        assertEquals(0, status.retriesLeft().orElse(-1), () -> "retriesLeft() when locked: "
            + status);
      }
    }
  }

  /**
   * The SO unlocks a locked user PIN with {@link Token#unlockPin}, setting a new one: the new
   * PIN logs in (after a change if the token requires one), the old does not, and the count is
   * full again.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void soUnlocksALockedPin(@TempDir Path directory) throws Exception {
    claims.assume(TokenFeature.PIN_LOCK, TokenFeature.SO_UNLOCK);
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      lock(fresh.token());
      try (Pin so = claims.fixture().soPin(); Pin other = claims.fixture().otherUserPin()) {
        fresh.token().unlockPin(so, other);
      }
      PinStatus status = fresh.token().info().pinStatus();
      assertFalse(status.locked(), () -> "PinStatus.locked() after unlockPin: " + status);
      if (claims.has(TokenFeature.PIN_RETRY_COUNT)) {
        assertEquals(claims.retryLimit(), status.retriesLeft().orElse(-1),
            () -> "retriesLeft() after unlockPin: " + status);
      }
      loginAfterUnlock(fresh.token());
    }
  }

  /**
   * {@link Token#unlockPin} replaces a working user PIN too: afterwards the old PIN is wrong and
   * the new one logs in.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void soSetsANewUserPin(@TempDir Path directory) throws Exception {
    claims.assume(TokenFeature.SO_UNLOCK);
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      try (Pin so = claims.fixture().soPin(); Pin other = claims.fixture().otherUserPin()) {
        fresh.token().unlockPin(so, other);
      }
      try (Pin old = claims.fixture().userPin()) {
        assertThrowsExactly(PinIncorrectException.class, () -> fresh.token().login(old).close(),
            "the user PIN replaced by unlockPin still logs in");
      }
      loginAfterUnlock(fresh.token());
    }
  }

  /**
   * A wrong SO PIN is exactly {@link PinIncorrectException} and leaves the user PIN working.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void unlockRefusesAWrongSoPin(@TempDir Path directory) throws Exception {
    claims.assume(TokenFeature.SO_UNLOCK);
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      try (Pin wrongSo = claims.fixture().userPin(); Pin other = claims.fixture().otherUserPin()) {
        PinIncorrectException e = assertThrowsExactly(PinIncorrectException.class,
            () -> fresh.token().unlockPin(wrongSo, other), "unlockPin with a wrong SO PIN");
        assertNoPinIn(e);
      }
      fresh.login().close();
    }
  }

  /**
   * A token whose PIN must be changed says so in its PIN status and refuses the right PIN with
   * exactly {@link PinChangeRequiredException} (every time, not just once) and a wrong PIN with
   * {@link PinIncorrectException}; {@link Token#changePin} clears the flag and the new PIN logs
   * in.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void mustChangePinRefusesLoginUntilChanged(@TempDir Path directory) throws Exception {
    claims.assume(TokenFeature.PIN_CHANGE_REQUIRED);
    try (FreshToken fresh = FreshToken.openWithPinChangeRequired(claims, directory)) {
      Token token = fresh.token();
      PinStatus before = token.info().pinStatus();
      assertTrue(before.mustChange(), () -> "PinStatus.mustChange() of a token from"
          + " openWithPinChangeRequired: " + before);
      try (Pin right = claims.fixture().userPin(); Pin other = claims.fixture().otherUserPin()) {
        for (int i = 1; i <= 2; i++) {
          PinChangeRequiredException e = assertThrowsExactly(PinChangeRequiredException.class,
              () -> token.login(right).close(), "login with the right PIN, attempt " + i);
          assertNoPinIn(e);
        }
        assertThrowsExactly(PinIncorrectException.class, () -> token.login(other).close(),
            "login with a wrong PIN while a change is required");
        token.changePin(right, other);
        PinStatus after = token.info().pinStatus();
        assertFalse(after.mustChange(), () -> "PinStatus.mustChange() after changePin: " + after);
        try (Session session = token.login(other)) {
          assertTrue(session.isOpen(), "session after the required change");
        }
      }
    }
  }

  /**
   * {@link Token#changePin} round trip: after a change the old PIN is wrong and the new one logs
   * in; changing back restores the old one.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void changePinRoundTrip(@TempDir Path directory) throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory);
        Pin user = claims.fixture().userPin(); Pin other = claims.fixture().otherUserPin()) {
      Token token = fresh.token();
      token.changePin(user, other);
      assertThrowsExactly(PinIncorrectException.class, () -> token.login(user).close(),
          "the old PIN after changePin");
      token.login(other).close();
      token.changePin(other, user);
      token.login(user).close();
    }
  }

  /**
   * {@link Token#changePin} with a wrong old PIN is exactly {@link PinIncorrectException} and
   * changes nothing.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void changePinRefusesAWrongOldPin(@TempDir Path directory) throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory);
        Pin user = claims.fixture().userPin(); Pin other = claims.fixture().otherUserPin()) {
      PinIncorrectException e = assertThrowsExactly(PinIncorrectException.class,
          () -> fresh.token().changePin(other, user), "changePin with a wrong old PIN");
      assertNoPinIn(e);
      fresh.login().close();
    }
  }

  /**
   * A session does not depend on the caller's {@link Pin}: wiping it right after login leaves the
   * session able to generate a key and sign.
   *
   * @param directory a directory for the token's files
   * @throws Exception if the fixture or token fails
   */
  @Test
  public void sessionKeepsWorkingAfterTheCallerWipesThePin(@TempDir Path directory)
      throws Exception {
    try (FreshToken fresh = FreshToken.open(claims, directory)) {
      Pin pin = claims.fixture().userPin();
      Session session = fresh.token().login(pin);
      pin.close();
      try (session) {
        KeySpec spec = claims.cheapestSpec();
        TokenKey key = session.generateKey(spec, "pin-wiped");
        Signer signer = session.signer(key, spec.defaultSignatureAlgorithm());
        byte[] message = "signed after the caller wiped its PIN".getBytes(StandardCharsets.UTF_8);
        ReferenceVerifier.verify(key.publicKey(), signer.algorithm(), message,
            signer.sign(message));
      }
    }
  }

  private PinIncorrectException wrongLogin(Token token) {
    try (Pin wrong = claims.fixture().otherUserPin()) {
      return assertThrowsExactly(PinIncorrectException.class, () -> token.login(wrong).close(),
          "login with a wrong PIN");
    }
  }

  /** Enters the wrong PIN until the limit; checks the count on the way when reported. */
  private void lock(Token token) throws UKeyException {
    int limit = claims.retryLimit();
    try (Pin wrong = claims.fixture().otherUserPin()) {
      for (int i = 1; i <= limit; i++) {
        try {
          token.login(wrong).close();
          fail("a wrong PIN logged in (attempt " + i + " of " + limit + ")");
        } catch (PinIncorrectException e) {
          if (claims.has(TokenFeature.PIN_RETRY_COUNT)) {
            assertEquals(limit - i, e.retriesLeft().orElse(-1),
                "PinIncorrectException.retriesLeft() after wrong PIN " + i + " of " + limit);
            if (limit - i == 1) {
              PinStatus status = token.info().pinStatus();
              assertTrue(status.finalTry(), () -> "PinStatus.finalTry() with 1 try left: "
                  + status);
            }
          }
        } catch (PinLockedException e) {
          if (i < limit) {
            fail("PinLockedException after " + i + " wrong PINs, before the limit of " + limit, e);
          }
        }
      }
    }
  }

  /** Logs in with the PIN the SO set, changing it first if the token requires. */
  private void loginAfterUnlock(Token token) throws UKeyException {
    try (Pin user = claims.fixture().userPin(); Pin other = claims.fixture().otherUserPin()) {
      try {
        token.login(other).close();
      } catch (PinChangeRequiredException e) {
        // Token#unlockPin allows a token to demand a change of the SO-set PIN (seed 000 §11.1).
        token.changePin(other, user);
        token.login(user).close();
      }
    }
  }

  private void assertNoPinIn(Exception e) {
    String text = String.valueOf(e.getMessage()) + " " + e;
    try (Pin user = claims.fixture().userPin(); Pin other = claims.fixture().otherUserPin();
        Pin so = claims.fixture().soPin()) {
      for (Pin pin : new Pin[] {user, other, so}) {
        char[] chars = pin.toCharArray();
        try {
          assertFalse(text.contains(new String(chars)),
              () -> e.getClass().getSimpleName() + " message contains a PIN");
        } finally {
          Arrays.fill(chars, '\0');
        }
      }
    }
  }
}
