package org.ukey.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExceptionsTest {
  @ParameterizedTest(name = "{0} tries left: \"{1}\"")
  @CsvSource({
      "5, 'PIN incorrect, 5 tries left', 5",
      "1, 'PIN incorrect, 1 try left', 1",
      "0, 'PIN incorrect, 0 tries left', 0",
      "-1, PIN incorrect, -1",
      "-7, PIN incorrect, -1"
  })
  void pinIncorrectCarriesTheTriesLeft(int given, String message, int kept) {
    RuntimeException cause = new RuntimeException("CKR_PIN_INCORRECT");
    PinIncorrectException e = new PinIncorrectException(given, cause);
    assertEquals(message, e.getMessage());
    assertEquals(kept < 0 ? OptionalInt.empty() : OptionalInt.of(kept), e.retriesLeft());
    assertSame(cause, e.getCause());
  }

  @Test
  void policyViolationNamesTheRuleAndItsSource() {
    PolicyViolationException e = new PolicyViolationException("pin.weak", "seed 000 §11.2",
        "PIN is on the list of weak PINs");
    assertEquals("pin.weak", e.rule());
    assertEquals("seed 000 §11.2", e.source());
    assertEquals("PIN is on the list of weak PINs [rule pin.weak, seed 000 §11.2]",
        e.getMessage());
    assertThrows(NullPointerException.class,
        () -> new PolicyViolationException(null, "seed 000 §11.2", "x"));
    assertThrows(NullPointerException.class,
        () -> new PolicyViolationException("pin.weak", null, "x"));
  }

  @Test
  void invalidEncodingSaysWhatAndWhere() {
    InvalidEncodingException at = new InvalidEncodingException("SES_Signature", 17,
        "expected a SEQUENCE");
    assertEquals("SES_Signature at offset 17: expected a SEQUENCE", at.getMessage());
    assertEquals("SES_Signature", at.what());
    assertEquals(17, at.offset());
    InvalidEncodingException nowhere = new InvalidEncodingException("PEM", -1, "no END line");
    assertEquals("PEM: no END line", nowhere.getMessage());
    assertThrows(NullPointerException.class, () -> new InvalidEncodingException(null, 0, "x"));
  }

  @Test
  void everyFailureIsACheckedUKeyException() {
    List<Exception> all = List.of(new PinIncorrectException(1, null),
        new PinLockedException("PIN locked", null), new PinChangeRequiredException("change"),
        new PolicyViolationException("r", "s", "m"), new InvalidEncodingException("w", 0, "p"),
        new KeyNotFoundException("k"), new UnsupportedAlgorithmException("a"),
        new TokenNotPresentException("t"), new TokenRemovedException("t", null),
        new SignatureVerificationException("v"));
    for (Exception e : all) {
      assertTrue(e instanceof UKeyException, e.getClass().getName());
      assertTrue(e instanceof GeneralSecurityException, e.getClass().getName());
    }
  }

  @ParameterizedTest(name = "{6}")
  @CsvSource({
      "5, false, false, false, false, false, 'ok, 5 tries left'",
      "2, true, false, false, false, false, 'count low, 2 tries left'",
      "1, true, true, false, false, false, 'final try, 1 try left'",
      "0, false, false, true, false, false, 'locked, 0 tries left'",
      "6, false, false, false, true, false, 'must change, 6 tries left'",
      "-1, false, false, false, false, true, 'ok, SO PIN locked'"
  })
  void pinStatusDescribesTheMostPressingState(int retries, boolean low, boolean finalTry,
      boolean locked, boolean mustChange, boolean soLocked, String text) {
    PinStatus s = new PinStatus(retries < 0 ? OptionalInt.empty() : OptionalInt.of(retries),
        low, finalTry, locked, mustChange, soLocked);
    assertEquals(text, s.describe());
  }

  @Test
  void pinStatusRefusesNegativeRetriesAndTakesNullAsUnknown() {
    assertThrows(IllegalArgumentException.class,
        () -> new PinStatus(OptionalInt.of(-1), false, false, false, false, false));
    assertEquals(OptionalInt.empty(),
        new PinStatus(null, false, false, false, false, false).retriesLeft());
  }

  @Test
  void tokenInfoAndEventsRefuseMissingParts() {
    PinStatus ok = new PinStatus(OptionalInt.empty(), false, false, false, false, false);
    TokenInfo info = new TokenInfo("cashier-01", "1712FE9F760D58AF", "UKey SDK", "soft token",
        ok);
    assertThrows(NullPointerException.class,
        () -> new TokenInfo(null, "1", "m", "m", ok));
    assertThrows(NullPointerException.class,
        () -> new TokenInfo("l", "1", "m", "m", null));
    TokenEvent e = new TokenEvent(TokenEvent.Kind.INSERTED, "slot 0", Optional.of(info),
        Instant.EPOCH);
    assertEquals(info, e.token().orElseThrow());
    assertThrows(NullPointerException.class,
        () -> new TokenEvent(TokenEvent.Kind.REMOVED, "slot 0", null, Instant.EPOCH));
  }
}
