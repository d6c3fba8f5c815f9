package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.ukey.api.InvalidEncodingException;

class DerTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesCurveOidsAsTheTokensExpectThem() {
    // SM2: 06 08 2A 81 1C CF 55 01 82 2D (ThalesGroup/luna-kmu p11util.c; xipki Session.java).
    assertArrayEquals(HEX.parseHex("06082a811ccf5501822d"), Der.oid("1.2.156.10197.1.301"));
    assertArrayEquals(HEX.parseHex("06082a8648ce3d030107"), Der.oid("1.2.840.10045.3.1.7"));
    assertArrayEquals(HEX.parseHex("06052b81040022"), Der.oid("1.3.132.0.34"));
  }

  @Test
  void readsOidsBack() throws Exception {
    for (String oid : new String[] {"1.2.156.10197.1.301", "1.2.840.10045.3.1.7",
        "1.3.132.0.34", "2.999.1"}) {
      assertEquals(oid, Der.readOid(Der.oid(oid), "test"));
    }
  }

  @Test
  void rejectsMalformedOids() {
    assertThrows(InvalidEncodingException.class,
        () -> Der.readOid(HEX.parseHex("06032a8686"), "t"));
    assertThrows(InvalidEncodingException.class,
        () -> Der.readOid(HEX.parseHex("06022a86"), "t"));
    assertThrows(InvalidEncodingException.class,
        () -> Der.readOid(HEX.parseHex("06032a8001"), "t"));
    assertThrows(InvalidEncodingException.class,
        () -> Der.readOid(HEX.parseHex("04022a03"), "t"));
    assertThrows(InvalidEncodingException.class,
        () -> Der.readOid(HEX.parseHex("06022a0300"), "t"));
  }

  @Test
  void longLengthsUseTheMinimalForm() throws Exception {
    byte[] content = new byte[300];
    byte[] der = Der.octetString(content);
    assertEquals(0x82, der[1] & 0xFF);
    assertArrayEquals(content, Der.content(der, 0x04, "t"));
    assertThrows(InvalidEncodingException.class,
        () -> Der.content(HEX.parseHex("048105" + "0102030405"), 0x04, "t"));
  }
}
