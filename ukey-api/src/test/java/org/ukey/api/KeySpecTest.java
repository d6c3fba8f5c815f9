package org.ukey.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeySpecTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "sm2, SM2, 256, sm2p256v1, 1.2.156.10197.1.301, sm2, SM3_WITH_SM2",
      "SM2, SM2, 256, sm2p256v1, 1.2.156.10197.1.301, sm2, SM3_WITH_SM2",
      "ec-p256, EC, 256, secp256r1, 1.2.840.10045.3.1.7, ec-p256, SHA256_WITH_ECDSA",
      "p256, EC, 256, secp256r1, 1.2.840.10045.3.1.7, ec-p256, SHA256_WITH_ECDSA",
      "secp256r1, EC, 256, secp256r1, 1.2.840.10045.3.1.7, ec-p256, SHA256_WITH_ECDSA",
      "ec-p384, EC, 384, secp384r1, 1.3.132.0.34, ec-p384, SHA384_WITH_ECDSA",
      "secp384r1, EC, 384, secp384r1, 1.3.132.0.34, ec-p384, SHA384_WITH_ECDSA",
      "rsa2048, RSA, 2048, , , rsa2048, SHA256_WITH_RSA",
      "rsa3072, RSA, 3072, , , rsa3072, SHA256_WITH_RSA",
      "rsa4096, RSA, 4096, , , rsa4096, SHA256_WITH_RSA"
  })
  void namesCurvesAndDefaultAlgorithms(String name, KeyType type, int bits, String curve,
      String curveOid, String canonical, String alg) {
    KeySpec s = KeySpec.byName(name).orElseThrow();
    assertEquals(type, s.type());
    assertEquals(bits, s.bits());
    assertEquals(curve, s.curveName().orElse(null));
    assertEquals(curveOid, s.curveOid().orElse(null));
    assertEquals(canonical, s.name());
    assertEquals(canonical, s.toString());
    assertEquals(SignatureAlgorithm.byName(alg).orElseThrow(), s.defaultSignatureAlgorithm());
    assertEquals(s, KeySpec.byName(canonical).orElseThrow());
    assertEquals(s.type(), s.defaultSignatureAlgorithm().keyType());
  }

  @Test
  void presetsAndEqualityByValue() {
    assertEquals(KeySpec.SM2_CURVE_OID, KeySpec.sm2().curveOid().orElseThrow());
    assertEquals(KeySpec.ecP256(), KeySpec.byName("p256").orElseThrow());
    assertEquals(KeySpec.ecP384(), KeySpec.byName("p384").orElseThrow());
    assertEquals(KeySpec.rsa(2048), KeySpec.byName("rsa2048").orElseThrow());
    assertEquals(KeySpec.rsa(2048).hashCode(), KeySpec.rsa(2048).hashCode());
    assertNotEquals(KeySpec.rsa(2048), KeySpec.rsa(3072));
    // Same size, another curve: SM2 and P-256 are both 256-bit.
    assertNotEquals(KeySpec.sm2(), KeySpec.ecP256());
  }

  @Test
  void unknownNamesAreEmpty() {
    assertTrue(KeySpec.byName("dsa1024").isEmpty());
    assertTrue(KeySpec.byName("ed25519").isEmpty());
  }

  @ParameterizedTest(name = "rsa({0}) is refused")
  @ValueSource(ints = {0, 512, 1016, 2049, 16392})
  void rsaSizesOutsideTheRangeOrNotWholeBytesAreRefused(int bits) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KeySpec.rsa(bits));
    assertTrue(e.getMessage().contains(Integer.toString(bits)), e.getMessage());
  }

  @ParameterizedTest(name = "rsa({0}) is accepted")
  @ValueSource(ints = {1024, 2048, 2056, 16384})
  void rsaSizesInTheRangeAreAccepted(int bits) {
    assertEquals(bits, KeySpec.rsa(bits).bits());
    assertEquals("rsa" + bits, KeySpec.rsa(bits).name());
  }
}
