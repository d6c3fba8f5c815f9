package org.ukey.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ukey.api.Pin;
import org.ukey.api.PolicyViolationException;
import org.ukey.policy.store.FilePolicyStore;

class PinPolicyTest {

  private static PolicyViolationException refused(PinPolicy p, String pin) {
    try (Pin candidate = Pin.of(pin.toCharArray())) {
      return assertThrows(PolicyViolationException.class, () -> p.check(candidate));
    }
  }

  @Test
  void town000AcceptsEightToSixteenWithAllFourClasses() throws Exception {
    // seed 000 §11.2: 8-16, 大小写字母+数字+特殊符号
    try (Pin p = Pin.of("Songzhu#2026x".toCharArray())) {
      PinPolicy.town000().check(p);
    }
  }

  @ParameterizedTest(name = "town-000 refuses {0}: {1}")
  @CsvSource({
      "Ab1#xyz, pin.length",                 // 7 characters (seed 000 §11.2)
      "Ab1#xyzAb1#xyzAb1, pin.length",       // 17 characters
      "abcd#2026x, pin.character-classes",   // no upper case
      "ABCD#2026X, pin.character-classes",   // no lower case
      "Abcd#xyzw, pin.character-classes",    // no digit
      "Abcd2026xy, pin.character-classes",   // no special
      "Abc中#2026x, pin.character-classes",   // not printable ASCII
      "Aaaa#1111x, pin.trivial",             // a run of four repeats
      "Xy#12345b, pin.trivial",              // an ascending sequence
      "Admin@123, pin.weak",                 // on the weak list
      "P@ssw0rd!, pin.weak"                  // on the weak list after stripping symbols
  })
  void town000RefusesNamingTheRule(String pin, String rule) {
    PolicyViolationException e = refused(PinPolicy.town000(), pin);
    assertEquals(rule, e.rule());
    assertTrue(e.source().contains("seed 000"), e.source());
    assertFalse(e.getMessage().contains(pin), "the message must never contain the PIN");
  }

  @Test
  void finance001AcceptsSixToTenDigitsAndLetters() throws Exception {
    // seed 001 §23: 6-10 位数字和字母的组合
    try (Pin p = Pin.of("fj2018cz".toCharArray())) {
      PinPolicy.finance001().check(p);
    }
  }

  @ParameterizedTest(name = "finance-001 refuses {0}: {1}")
  @CsvSource({
      "fj201, pin.length",
      "fj2018czfj2, pin.length",
      "fjcaizheng, pin.character-classes",   // letters only
      "20180412, pin.character-classes",     // digits only
      "fj#2018cz, pin.character-classes",    // a special character is not a digit or letter
      "12345678, pin.character-classes",
      "a1a1a1a1, pin.trivial",               // a short pattern repeated
      "12345678a, pin.initial"               // a common factory PIN
  })
  void finance001RefusesNamingTheRule(String pin, String rule) {
    PolicyViolationException e = refused(PinPolicy.finance001(), pin);
    assertEquals(rule, e.rule());
    assertFalse(e.getMessage().contains(pin));
  }

  @Test
  void refusesTheCurrentPinAsTheNewOne() throws Exception {
    try (Pin old = Pin.of("Songzhu#2026x".toCharArray());
        Pin same = Pin.of("Songzhu#2026x".toCharArray())) {
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> PinPolicy.town000().check(same, old, PinHistory.NONE));
      assertEquals("pin.reused", e.rule());
    }
  }

  @Test
  void refusesAPreviousPinFromTheHistoryAndAcceptsAFreshOne(@TempDir Path dir)
      throws Exception {
    try (FilePolicyStore store = FilePolicyStore.open(dir)) {
      PinHistory history = PinHistory.in(store, 10);
      try (Pin first = Pin.of("Songzhu#2026a".toCharArray())) {
        history.remember("T1", first, 5);
      }
      try (Pin second = Pin.of("Songzhu#2026b".toCharArray())) {
        history.remember("T1", second, 5);
      }
      try (Pin again = Pin.of("Songzhu#2026a".toCharArray());
          Pin fresh = Pin.of("Songzhu#2026c".toCharArray())) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
            () -> PinPolicy.town000().check(again, null, history.load("T1")));
        assertEquals("pin.reused", e.rule());
        PinPolicy.town000().check(fresh, null, history.load("T1"));
        // Another token's history is its own.
        PinPolicy.town000().check(again, null, history.load("T2"));
      }
      assertEquals(2, history.load("T1").size());
    }
  }

  @Test
  void historyKeepsOnlyTheConfiguredDepth(@TempDir Path dir) throws Exception {
    try (FilePolicyStore store = FilePolicyStore.open(dir)) {
      PinHistory history = PinHistory.in(store, 10);
      for (char c = 'a'; c <= 'g'; c++) {
        try (Pin p = Pin.of(("Songzhu#2026" + c).toCharArray())) {
          history.remember("T1", p, 5);
        }
      }
      assertEquals(5, history.load("T1").size());
      try (Pin oldest = Pin.of("Songzhu#2026a".toCharArray())) {
        assertFalse(history.load("T1").contains(oldest, 5));
      }
    }
  }

  @ParameterizedTest(name = "baseline refuses {0}: {1}")
  @CsvSource({
      "111111, pin.initial",        // a factory PIN (seed 000 §11.1)
      "12345678, pin.initial",
      "1234, pin.initial",
      "777777, pin.trivial",        // a repeat (seed 000 §11.2, §22.3)
      "Xy#12345b, pin.trivial",     // an ascending run
      "abcabc, pin.trivial",        // a short pattern repeated
      "Admin@123, pin.weak",        // on the weak list
      "qwerty123, pin.weak"
  })
  void baselineRefusesWeakPinsNamingTheRule(String pin, String rule) {
    PolicyViolationException e = refused(PinPolicy.baseline(), pin);
    assertEquals(rule, e.rule());
    assertTrue(e.source().contains("seed 000 §11"), e.source());
    assertFalse(e.getMessage().contains(pin), "the message must never contain the PIN");
  }

  @ParameterizedTest(name = "baseline leaves the shape of {0} to the token")
  @CsvSource({
      "2468",                       // shorter than either preset
      "fj2018cz",                   // no upper case, no special
      "Songzhu#2026xSongzhu#2026x", // longer than either preset
      "松竹镇#2026",                  // not ASCII
      "24682468"
  })
  void baselineLeavesLengthAndClassesToTheToken(String pin) throws Exception {
    try (Pin p = Pin.of(pin.toCharArray())) {
      PinPolicy.baseline().check(p);
    }
    assertFalse(PinPolicy.baseline().checksLengthAndClasses());
    assertTrue(PinPolicy.town000().checksLengthAndClasses());
  }

  @Test
  void baselineRefusesTheCurrentPin() throws Exception {
    try (Pin old = Pin.of("fj2018cz".toCharArray()); Pin same = Pin.of("fj2018cz".toCharArray());
        Pin other = Pin.of("fj2019cz".toCharArray())) {
      PolicyViolationException e = assertThrows(PolicyViolationException.class,
          () -> PinPolicy.baseline().check(same, old, PinHistory.NONE));
      assertEquals("pin.reused", e.rule());
      PinPolicy.baseline().check(other, old, PinHistory.NONE);
    }
  }

  @Test
  void presetsAreFoundByTheirCliNames() {
    assertEquals("town-000", PinPolicy.byName("town-000").orElseThrow().name());
    assertEquals("finance-001", PinPolicy.byName("FINANCE-001").orElseThrow().name());
    assertEquals("baseline", PinPolicy.byName("baseline").orElseThrow().name());
    assertTrue(PinPolicy.byName("none").isEmpty());
  }

  @Test
  void builderRefusesImpossiblePolicies() {
    assertThrows(IllegalArgumentException.class,
        () -> PinPolicy.builder("x", "y").length(3, 8).build());
    assertThrows(IllegalArgumentException.class, () -> PinPolicy.builder("x", "y")
        .allow(PinPolicy.CharClass.DIGIT).require(PinPolicy.CharClass.UPPER).build());
  }
}
