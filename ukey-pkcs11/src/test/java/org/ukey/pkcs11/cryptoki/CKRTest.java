package org.ukey.pkcs11.cryptoki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CKRTest {
  @Test
  void namesStandardCodes() {
    assertEquals("CKR_PIN_INCORRECT", CKR.describe(0xA0));
    assertEquals("CKR_CRYPTOKI_ALREADY_INITIALIZED", CKR.describe(0x191));
  }

  @Test
  void namesVendorCodesRelativeToTheVendorBase() {
    assertEquals("CKR_VENDOR_DEFINED+0x00000001", CKR.describe(0x80000001L));
  }

  @Test
  void namesUnknownCodesInHex() {
    assertEquals("0x0000FFFE", CKR.describe(0xFFFE));
  }

  @Test
  void findsStandardMechanismsByName() {
    assertEquals(0x1041L, CKM.value("CKM_ECDSA").orElseThrow());
    assertEquals("CKM_SHA256_RSA_PKCS", CKM.name(0x40).orElseThrow());
    assertEquals("CKK_EC", CKK.name(3).orElseThrow());
  }
}
