package org.ukey.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinTest {
  /** The PIN's own copy of the characters, to see that close() really overwrites it. */
  private static char[] inside(Pin pin) throws ReflectiveOperationException {
    Field f = Pin.class.getDeclaredField("chars");
    f.setAccessible(true);
    return (char[]) f.get(pin);
  }

  @Test
  void ofCopiesTheCallersCharacters() {
    char[] typed = "Cashier#2026".toCharArray();
    try (Pin pin = Pin.of(typed); Pin same = Pin.of("Cashier#2026".toCharArray())) {
      typed[0] = 'X';
      assertTrue(pin.matches(same), "a later change of the caller's array must not reach it");
      assertEquals('X', typed[0], "of() leaves the caller's array alone");
    }
  }

  @Test
  void ofAndWipeLeavesOneLiveCopy() {
    char[] typed = "Cashier#2026".toCharArray();
    try (Pin pin = Pin.ofAndWipe(typed); Pin same = Pin.of("Cashier#2026".toCharArray())) {
      assertArrayEquals(new char[12], typed);
      assertTrue(pin.matches(same));
    }
  }

  @Test
  void closeOverwritesTheCharactersAndIsIdempotent() throws Exception {
    Pin pin = Pin.of("Cashier#2026".toCharArray());
    char[] held = inside(pin);
    assertEquals("Cashier#2026", new String(held));
    assertFalse(pin.isClosed());
    pin.close();
    assertTrue(pin.isClosed());
    assertArrayEquals(new char[12], held, "close() must zero the PIN's own copy");
    pin.close();
    assertTrue(pin.isClosed());
  }

  @Test
  void everyUseAfterCloseThrows() {
    Pin pin = Pin.of("Cashier#2026".toCharArray());
    Pin other = Pin.of("Cashier#2026".toCharArray());
    pin.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, pin::length);
    assertFalse(e.getMessage().contains("Cashier"));
    assertThrows(IllegalStateException.class, pin::toCharArray);
    assertThrows(IllegalStateException.class, pin::toUtf8);
    assertThrows(IllegalStateException.class, () -> pin.matches(other));
    assertThrows(IllegalStateException.class, () -> other.matches(pin));
    other.close();
  }

  @Test
  void printsNoCharacters() {
    Pin pin = Pin.of("Cashier#2026".toCharArray());
    assertEquals("Pin[****]", pin.toString());
    assertEquals("Pin[****]", Pin.of("1".toCharArray()).toString(), "not even the length");
    pin.close();
    assertEquals("Pin[closed]", pin.toString());
  }

  @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
  @CsvSource({
      "Cashier#2026, Cashier#2026, true",
      "Cashier#2026, Cashier#2027, false",   // differs at the end
      "Cashier#2026, cashier#2026, false",   // case matters
      "1234, 12345, false",                  // a prefix is not a match
      "12345, 1234, false",
      "'', '', true",
      "'', 1234, false",
      "口令#2026, 口令#2026, true"
  })
  void matchesComparesContentsBothWays(String a, String b, boolean same) {
    try (Pin x = Pin.of(a.toCharArray()); Pin y = Pin.of(b.toCharArray())) {
      assertEquals(same, x.matches(y));
      assertEquals(same, y.matches(x));
      assertTrue(x.matches(x));
    }
  }

  @Test
  void aTrailingNulIsStillADifference() {
    // The comparison pads the shorter PIN with NULs; the lengths must still count.
    try (Pin x = Pin.of(new char[] {'a', 'b'}); Pin y = Pin.of(new char[] {'a', 'b', '\0'})) {
      assertFalse(x.matches(y));
      assertFalse(y.matches(x));
    }
  }

  @Test
  void hasNoContentEqualityAndIsNotSerializable() {
    try (Pin x = Pin.of("Cashier#2026".toCharArray());
        Pin y = Pin.of("Cashier#2026".toCharArray())) {
      assertNotEquals(x, y, "equals/hashCode would let a PIN linger in a hash set");
      assertFalse(Serializable.class.isAssignableFrom(Pin.class));
    }
  }

  @Test
  void accessorsReturnFreshCopies() throws Exception {
    try (Pin pin = Pin.of("Cashier#2026".toCharArray())) {
      char[] copy = pin.toCharArray();
      copy[0] = 'X';
      assertEquals("Cashier#2026", new String(inside(pin)));
      assertEquals(12, pin.length());
      byte[] utf8 = pin.toUtf8();
      utf8[0] = 0;
      assertArrayEquals("Cashier#2026".getBytes(StandardCharsets.UTF_8), pin.toUtf8());
    }
  }

  @Test
  void encodesUtf8AndRefusesAnUnpairedSurrogateWithoutShowingIt() {
    try (Pin pin = Pin.of("口令#2026".toCharArray())) {
      assertArrayEquals("口令#2026".getBytes(StandardCharsets.UTF_8), pin.toUtf8());
    }
    try (Pin bad = Pin.of(new char[] {'a', '\ud800', 'b'})) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::toUtf8);
      assertEquals("PIN is not encodable as UTF-8", e.getMessage());
    }
  }

  @Test
  void refusesNull() {
    assertThrows(NullPointerException.class, () -> Pin.of(null));
    try (Pin pin = Pin.of("1234".toCharArray())) {
      assertThrows(NullPointerException.class, () -> pin.matches(null));
    }
  }
}
