package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SoftTokenOptionsTest {
  @Test
  void defaultsAreSixRetriesStrongScryptAndMustChange() {
    SoftTokenOptions d = SoftTokenOptions.defaults();
    assertEquals(6, d.maxPinRetries());
    assertEquals(16, d.scryptLog2N());
    assertEquals(8, d.scryptR());
    assertEquals(2, d.scryptP());
    assertTrue(d.mustChangePin());
  }

  @Test
  void builderSetsEveryOption() {
    SoftTokenOptions o = SoftTokenOptions.builder().maxPinRetries(10).scryptCost(12, 4, 3)
        .mustChangePin(false).build();
    assertEquals(10, o.maxPinRetries());
    assertEquals(12, o.scryptLog2N());
    assertEquals(4, o.scryptR());
    assertEquals(3, o.scryptP());
    assertFalse(o.mustChangePin());
    assertEquals("SoftTokenOptions[maxPinRetries=10, scrypt(N=2^12, r=4, p=3),"
        + " mustChangePin=false]", o.toString());
  }

  @Test
  void rejectsOutOfRangeValuesAtOnce() {
    SoftTokenOptions.Builder b = SoftTokenOptions.builder();
    assertThrows(IllegalArgumentException.class, () -> b.maxPinRetries(0));
    assertThrows(IllegalArgumentException.class, () -> b.maxPinRetries(101));
    assertThrows(IllegalArgumentException.class, () -> b.scryptCost(9, 8, 1));
    assertThrows(IllegalArgumentException.class, () -> b.scryptCost(23, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> b.scryptCost(14, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> b.scryptCost(14, 8, 17));
    // 128 · 32 · 2^22 bytes = 16 GiB: refused, whatever the single values allow.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.scryptCost(22, 32, 1));
    assertTrue(e.getMessage().contains("1 GiB"), e.getMessage());
    assertEquals(SoftTokenOptions.defaults().toString(), b.build().toString());
  }
}
