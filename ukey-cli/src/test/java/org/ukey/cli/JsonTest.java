package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void escapesQuotesBackslashesAndEveryControlCharacter() {
    StringBuilder nasty = new StringBuilder("\"quoted\" back\\slash ");
    for (char c = 0; c < 0x20; c++) {
      nasty.append(c);
    }
    String doc = Json.object().put("v", nasty.toString()).toString();
    String value = doc.substring(doc.indexOf(": ") + 2, doc.lastIndexOf('\n'));
    assertTrue(value.chars().allMatch(c -> c >= 0x20), value);
    assertEquals(nasty.toString(), StrictJson.parseObject(doc).get("v"));
  }

  @Test
  void keepsChineseTextAndEscapesLineSeparators() {
    String text = "国库集中支付 CN=张三,O=财政局 \u2028\u2029 😀";
    String doc = Json.object().put("t", text).toString();
    assertEquals(text, StrictJson.parseObject(doc).get("t"));
    assertEquals(-1, doc.indexOf('\u2028'));
    assertEquals(-1, doc.indexOf('\u2029'));
  }

  @Test
  void escapesUnpairedSurrogatesWhichHaveNoUtf8Form() {
    String doc = Json.object().put("a", "x\ud800y").put("b", "\udc00").toString();
    assertEquals(-1, doc.indexOf('\ud800'));
    assertEquals(-1, doc.indexOf('\udc00'));
    Map<String, Object> parsed = StrictJson.parseObject(doc);
    assertEquals("x\ud800y", parsed.get("a"));
    assertEquals("\udc00", parsed.get("b"));
  }

  @Test
  void writesNestedObjectsArraysNumbersBooleansAndNullInInsertionOrder() {
    List<Object> items = new ArrayList<>(Arrays.asList(1, "two", null, true,
        Json.object().put("k", 9_000_000_000L)));
    String doc = Json.object().put("z", items).put("a", Json.object())
        .put("empty", List.of()).put("n", null).toString();
    Map<String, Object> parsed = StrictJson.parseObject(doc);
    assertEquals(List.of("z", "a", "empty", "n"), new ArrayList<>(parsed.keySet()));
    assertEquals(Arrays.asList(1L, "two", null, true, Map.of("k", 9_000_000_000L)),
        parsed.get("z"));
    assertEquals(Map.of(), parsed.get("a"));
    assertEquals(List.of(), parsed.get("empty"));
  }

  @Test
  void rejectsValuesThatAreNotJson() {
    assertThrows(IllegalArgumentException.class, () -> Json.object().put("d", 1.5));
    assertThrows(IllegalArgumentException.class,
        () -> Json.object().put("l", List.of(new Object())));
  }
}
