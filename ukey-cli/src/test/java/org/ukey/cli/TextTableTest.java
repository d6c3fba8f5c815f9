package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void alignsColumnsCountingChineseCharactersAsTwoCells() {
    String table = new TextTable("LABEL", "TYPE").row("财政局", "sm2").row("ab", null)
        .toString();
    assertEquals("LABEL   TYPE\n财政局  sm2\nab      -", table);
  }

  @Test
  void countsTerminalCells() {
    assertEquals(6, TextTable.cells("国库支"));
    assertEquals(3, TextTable.cells("abc"));
  }
}
