package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TokenDirectoryTest {
  @Test
  void fileNamesKeepSafeCharactersAndEscapeTheRest() {
    assertEquals("Finance_01-a.token", TokenDirectory.fileNameFor("Finance_01-a"));
    assertEquals("a%2Eb%20c%25.token", TokenDirectory.fileNameFor("a.b c%"));
    assertEquals("%E8%B4%A2%E5%8A%A1.token", TokenDirectory.fileNameFor("财务"));
    assertEquals("%2E%2E%2Fetc.token", TokenDirectory.fileNameFor("../etc"));
  }

  @Test
  void labelsRoundTripThroughFileNames() {
    for (String label : new String[] {"t", "财政局 签章/1", "a.b c%", "Ω≈ç√", "x".repeat(64)}) {
      assertEquals(label, TokenDirectory.labelOf(TokenDirectory.fileNameFor(label)));
    }
  }

  @Test
  void ignoresNamesItWouldNotHaveWritten() {
    assertNull(TokenDirectory.labelOf("notes.txt"));
    assertNull(TokenDirectory.labelOf(".token"));
    assertNull(TokenDirectory.labelOf("a%41.token"), "non-canonical: A is written as is");
    assertNull(TokenDirectory.labelOf("a%4.token"), "truncated escape");
    assertNull(TokenDirectory.labelOf("a%zz.token"), "bad hex");
    assertNull(TokenDirectory.labelOf("a b.token"), "unescaped space");
    assertNull(TokenDirectory.labelOf("%FF.token"), "not UTF-8");
    assertNull(TokenDirectory.labelOf("%20lead.token"), "invalid label: leading space");
    assertNull(TokenDirectory.labelOf("%e8%b4%a2.token"), "lower-case hex is not canonical");
  }
}
