package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.sm2.SoftKeys;
import org.ukey.sm2.SoftSigners;
import org.ukey.sm2.pki.CertificateBuilder;

class SoftTokenKeyTest {
  @Test
  void printsMetadataAndNeverKeyMaterial() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.sm2());
    byte[] spki = pair.getPublic().getEncoded();
    byte[] id = KeyMaterial.keyId(spki);
    var cert = CertificateBuilder.forSubject("CN=Zhang San,O=Finance", pair.getPublic())
        .validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))
        .sign(SoftSigners.create(pair.getPrivate(), pair.getPublic(), null,
            SignatureAlgorithm.SM3_WITH_SM2));
    SoftTokenKey key = new SoftTokenKey("0011223344556677", "seal", id, KeySpec.sm2(),
        pair.getPublic(), cert);
    String s = key.toString();
    assertEquals("SoftTokenKey[label=seal, id=" + HexFormat.of().formatHex(id)
        + ", type=SM2 (sm2), subject=CN=Zhang San,O=Finance]", s);
    assertTrue(s.contains("CN=Zhang San"), s);
    String d = ((ECPrivateKey) pair.getPrivate()).getS().toString(16);
    assertFalse(s.toLowerCase().contains(d));
  }

  @Test
  void isNotSerializable() {
    assertFalse(Serializable.class.isAssignableFrom(SoftTokenKey.class));
  }

  @Test
  void equalityIsTokenAndIdOnly() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.ecP256());
    byte[] id = KeyMaterial.keyId(pair.getPublic().getEncoded());
    SoftTokenKey a = new SoftTokenKey("AAAAAAAAAAAAAAAA", "x", id, KeySpec.ecP256(),
        pair.getPublic(), null);
    SoftTokenKey sameKeyOtherSnapshot = new SoftTokenKey("AAAAAAAAAAAAAAAA", "x", id,
        KeySpec.ecP256(), pair.getPublic(), null);
    SoftTokenKey otherToken = new SoftTokenKey("BBBBBBBBBBBBBBBB", "x", id, KeySpec.ecP256(),
        pair.getPublic(), null);
    assertEquals(a, sameKeyOtherSnapshot);
    assertEquals(a.hashCode(), sameKeyOtherSnapshot.hashCode());
    assertNotEquals(a, otherToken);
    assertTrue(a.toString().endsWith("subject=none]"));
  }

  @Test
  void idIsACopy() throws Exception {
    KeyPair pair = SoftKeys.generate(KeySpec.ecP256());
    SoftTokenKey a = new SoftTokenKey("AAAAAAAAAAAAAAAA", "x",
        KeyMaterial.keyId(pair.getPublic().getEncoded()), KeySpec.ecP256(), pair.getPublic(),
        null);
    a.id()[0] ^= 1;
    assertTrue(a.hasId(KeyMaterial.keyId(pair.getPublic().getEncoded())));
  }
}
