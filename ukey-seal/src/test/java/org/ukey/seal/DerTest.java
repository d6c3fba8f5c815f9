package org.ukey.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.ukey.api.InvalidEncodingException;
import org.ukey.seal.internal.Der;

class DerTest {
  private static Der.Tlv parse(String hex) throws InvalidEncodingException {
    return Der.parse(Hex.decode(hex), "x");
  }

  @Test
  void readsTimesInBothTypesWithFractionsAndOffsets() throws Exception {
    assertEquals(Instant.parse("2020-10-04T07:28:55Z"),
        parse("180f" + hex("20201004072855Z")).timeValue());
    assertEquals(Instant.parse("2020-10-04T07:28:55.302Z"),
        parse("1813" + hex("20201004072855.302Z")).timeValue());
    assertEquals(Instant.parse("2020-04-22T02:18:07Z"),
        parse("170d" + hex("200422021807Z")).timeValue());
    assertEquals(Instant.parse("1999-04-22T02:18:00Z"),
        parse("170b" + hex("9904220218Z")).timeValue(), "UTCTime 50-99 is 19xx");
    assertEquals(Instant.parse("2020-04-21T18:18:07Z"),
        parse("1711" + hex("200422021807+0800")).timeValue());
  }

  @Test
  void rejectsBadTimesWithTheFieldAndOffset() {
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> parse("180f" + hex("20201304072855Z")).timeValue());
    assertTrue(e.getMessage().startsWith("x at offset 0: malformed time"), e.getMessage());
    assertThrows(InvalidEncodingException.class, () -> parse("1803" + hex("abc")).timeValue());
    assertThrows(InvalidEncodingException.class, () -> parse("0401" + "00").timeValue());
  }

  @Test
  void readsOidsAndRejectsMalformedOnes() throws Exception {
    assertEquals("1.2.156.10197.1.501", parse("06082a811ccf55018375").oidValue());
    assertEquals("2.999.3", parse("0603883703").oidValue());
    assertThrows(InvalidEncodingException.class, () -> parse("0600").oidValue());
    assertThrows(InvalidEncodingException.class, () -> parse("06022a81").oidValue(),
        "ends inside a sub-identifier");
    assertThrows(InvalidEncodingException.class, () -> parse("06032a8001").oidValue(),
        "non-minimal sub-identifier");
  }

  @Test
  void rejectsLengthsThatRunPastTheInput() {
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class,
        () -> parse("3084ffffffff00"));
    assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
    assertThrows(InvalidEncodingException.class, () -> parse("3080"), "indefinite length");
    assertThrows(InvalidEncodingException.class, () -> parse("30"), "length missing");
    assertThrows(InvalidEncodingException.class, () -> parse("3085010000000000"));
    assertThrows(InvalidEncodingException.class, () -> parse("3000ff"), "trailing byte");
    assertThrows(InvalidEncodingException.class, () -> parse("1f2100"), "multi-byte tag");
  }

  @Test
  void boundsNesting() throws Exception {
    StringBuilder hex = new StringBuilder();
    int depth = 40;
    for (int i = 0; i < depth; i++) {
      hex.append("30").append(String.format("%02x", 2 * (depth - 1 - i)));
    }
    Der.Tlv t = parse(hex.toString());
    InvalidEncodingException e = assertThrows(InvalidEncodingException.class, () -> {
      Der.Tlv cur = t;
      while (true) {
        cur = cur.children("x").get(0);
      }
    });
    assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
  }

  @Test
  void integersAndBitStrings() throws Exception {
    assertEquals(4, parse("020104").intValue());
    assertEquals(-1, parse("0201ff").intValue());
    assertThrows(InvalidEncodingException.class, () -> parse("0200").intValue());
    assertThrows(InvalidEncodingException.class, () -> parse("020500ffffffff").intValue());
    assertEquals(2, parse("0303000102").bitStringBytes().length);
    assertThrows(InvalidEncodingException.class, () -> parse("0302070f").bitStringBytes(),
        "unused bits");
    assertThrows(InvalidEncodingException.class, () -> parse("0300").bitStringBytes());
  }

  private static String hex(String ascii) {
    return Hex.toHexString(ascii.getBytes());
  }
}
